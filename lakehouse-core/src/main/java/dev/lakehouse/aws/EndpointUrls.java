package dev.lakehouse.aws;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Endpoint URLs as they may be shown in logs, plans and errors: a URL's user-info (a user name
 * and password, as in {@code http://admin:secret@127.0.0.1:4566}) is replaced by {@code ***}, so
 * that {@code --endpoint-url} or {@code AWS_ENDPOINT_URL} never puts a secret on the screen.
 */
public final class EndpointUrls {
  /** A scheme, {@code ://}, then the user-info: up to the authority's last {@code @}. */
  private static final Pattern USER_INFO = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]+@");

  private EndpointUrls() {}

  /** The endpoint as it may be shown: {@code http://***@127.0.0.1:4566}. */
  public static String shown(URI endpoint) {
    return redact(endpoint.toString());
  }

  /** The text with the user-info of every URL in it replaced: for messages that may quote an endpoint. */
  public static String redact(String text) {
    return text == null || !text.contains("@") ? text : USER_INFO.matcher(text).replaceAll("$1***@");
  }
}
