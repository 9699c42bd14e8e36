package dev.lakehouse.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Endpoint URLs as they may be shown in logs, plans and errors: a URL's user-info (a user name
 * and password, as in {@code http://admin:secret@127.0.0.1:4566}) is replaced by {@code ***}, so
 * that {@code --endpoint-url} or {@code AWS_ENDPOINT_URL} never puts a secret on the screen.
 */
public final class EndpointUrls {
  /** A scheme, {@code ://}, then the user-info: up to the authority's last {@code @}. */
  private static final Pattern USER_INFO = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]+@");

  /**
   * The user-info of the endpoints this run was given, as written: a password holding a character
   * a URL does not allow there ({@code /}, a space) breaks the URL, and no pattern can tell where
   * such a user-info ends, but the text itself can be hidden wherever it shows.
   */
  private static final Set<String> GIVEN = ConcurrentHashMap.newKeySet();

  /** User-info shorter than this is hidden only before its {@code @}. */
  private static final int SHORTEST_HIDDEN_ALONE = 6;

  private EndpointUrls() {}

  /** Remembers the user-info of an endpoint the run was given (an option, a variable), to hide it as written. */
  public static void given(String endpoint) {
    if (endpoint == null || !endpoint.contains("@")) {
      return;
    }
    int start = endpoint.indexOf("://");
    if (start < 0) {
      // No scheme and authority (admin:secret@host:4566, http:/admin:secret@host): the endpoint is
      // refused, quoted in the refusal; everything before its last @ may be the password.
      int at = endpoint.lastIndexOf('@');
      if (at > 0) {
        GIVEN.add(endpoint.substring(0, at));
      }
      return;
    }
    try {
      URI uri = new URI(endpoint.trim());
      if (uri.getHost() != null) {
        if (uri.getRawUserInfo() != null && !uri.getRawUserInfo().isEmpty()) {
          GIVEN.add(uri.getRawUserInfo());
        }
        return;
      }
    } catch (URISyntaxException e) {
      // Malformed: hidden below, as written.
    }
    int at = endpoint.lastIndexOf('@');
    if (at > start + 3) {
      GIVEN.add(endpoint.substring(start + 3, at));
    }
  }

  /** The endpoint as it may be shown: {@code http://***@127.0.0.1:4566}. */
  public static String shown(URI endpoint) {
    return redact(endpoint.toString());
  }

  /** The text with the user-info of every URL in it replaced: for messages that may quote an endpoint. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    for (String userInfo : GIVEN) {
      // A short user-info (a user name alone, "e") is hidden where it stands before its @: hidden
      // wherever it shows, it would take every "e" of the message with it. A longer one, which may
      // be a password quoted alone, is hidden wherever it shows.
      text = userInfo.length() < SHORTEST_HIDDEN_ALONE ? text.replace(userInfo + "@", "***@")
          : text.replace(userInfo, "***");
    }
    return !text.contains("@") ? text : USER_INFO.matcher(text).replaceAll("$1***@");
  }
}
