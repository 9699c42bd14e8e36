package dev.lakehouse.testkit.gaps;

import dev.lakehouse.testkit.proxy.AwsProxy;
import dev.lakehouse.testkit.proxy.Reply;
import dev.lakehouse.testkit.proxy.ProxiedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3's bucket Intelligent-Tiering configurations, which moto 5.2.1 does not implement (a PUT is
 * taken for a bucket creation, a GET answers the object listing). Served here as S3 documents
 * them: PUT, GET and DELETE by {@code id}, and the list; {@code NoSuchConfiguration} (404) for an
 * id that is not there. Configurations go when their bucket is deleted or moto is reset through
 * the proxy.
 */
public final class S3IntelligentTieringGap {
  private static final Pattern ID = Pattern.compile("(?:^|&)id=([^&]*)");
  private static final Pattern DECLARATION = Pattern.compile("^\\s*<\\?xml[^>]*\\?>\\s*");
  private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final Map<String, Map<String, String>> configurations = new ConcurrentHashMap<>();

  /** Puts the gap filler in front of the proxy's upstream. */
  public static S3IntelligentTieringGap install(AwsProxy proxy) {
    S3IntelligentTieringGap gap = new S3IntelligentTieringGap();
    proxy.observe(gap::forgetOnDeleteOrReset);
    proxy.serve(request -> "s3".equals(request.service()) && isTieringRequest(request), gap::serve);
    return gap;
  }

  private static boolean isTieringRequest(ProxiedRequest request) {
    String query = request.query() == null ? "" : request.query();
    return query.equals("intelligent-tiering") || query.startsWith("intelligent-tiering&")
        || query.contains("&intelligent-tiering");
  }

  /** Forgets what a bucket deletion or a moto reset removes. */
  private void forgetOnDeleteOrReset(ProxiedRequest request) {
    if (request.isMotoReset()) {
      configurations.clear();
    } else if ("s3".equals(request.service()) && request.method().equals("DELETE")
        && (request.query() == null || request.query().isEmpty())) {
      configurations.remove(bucket(request));
    }
  }

  private Reply serve(ProxiedRequest request) {
    String bucket = bucket(request);
    Matcher id = ID.matcher(request.query());
    String configurationId = id.find() ? URLDecoder.decode(id.group(1), StandardCharsets.UTF_8) : null;
    Map<String, String> ofBucket = configurations.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>());
    switch (request.method()) {
      case "PUT":
        ofBucket.put(configurationId, DECLARATION.matcher(request.bodyAsString()).replaceFirst(""));
        return Reply.empty(200);
      case "DELETE":
        return ofBucket.remove(configurationId) == null ? noSuchConfiguration(configurationId) : Reply.empty(204);
      default:
        if (configurationId == null) {
          StringBuilder list = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              + "<ListBucketIntelligentTieringConfigurationsOutput xmlns=\"" + NAMESPACE + "\">"
              + "<IsTruncated>false</IsTruncated>");
          ofBucket.values().forEach(list::append);
          return Reply.xml(200, list.append("</ListBucketIntelligentTieringConfigurationsOutput>").toString());
        }
        String configuration = ofBucket.get(configurationId);
        return configuration == null ? noSuchConfiguration(configurationId)
            : Reply.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + configuration);
    }
  }

  private static Reply noSuchConfiguration(String id) {
    return Reply.xml(404, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchConfiguration</Code>"
        + "<Message>The specified configuration does not exist.</Message><Resource>" + id
        + "</Resource></Error>");
  }

  private static String bucket(ProxiedRequest request) {
    String path = request.path().startsWith("/") ? request.path().substring(1) : request.path();
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(0, slash);
  }
}
