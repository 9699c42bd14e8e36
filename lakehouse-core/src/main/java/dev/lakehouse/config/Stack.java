package dev.lakehouse.config;

import dev.lakehouse.aws.Partitions;
import dev.lakehouse.config.model.StackConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loaded, valid stack for one environment: the resolved config and what the
 * environment decides (region, deletion protection, tags), plus the AWS account when known.
 *
 * @param file the config file as the user named it, for messages
 * @param account the AWS account id, or null when the command makes no AWS call
 * @param sources where each value of the config is written in the file, for messages about a
 *     value that AWS cannot take (a column type Iceberg cannot change); null when not known
 */
public record Stack(
    String file,
    String env,
    StackConfig config,
    String region,
    String account,
    boolean deletionProtection,
    Map<String, String> tags,
    SourceMap sources) {

  public static final String PROJECT_TAG = "lakehouse:project";
  public static final String ENV_TAG = "lakehouse:env";
  /**
   * The tag in which apply marks the config it last applied to a resource (a digest of it), so
   * that a plan can tell a change made outside lakehouse from a change to the config.
   */
  public static final String APPLIED_TAG = "lakehouse:applied";
  /**
   * The region of the stack's deployment that made a resource whose name is the same in every region
   * (an IAM role): one stack applied in two regions of one account never takes the other's as its own.
   */
  public static final String REGION_TAG = "lakehouse:region";

  public Stack {
    tags = Map.copyOf(tags);
  }

  /** A stack whose config's source positions are not known. */
  public Stack(String file, String env, StackConfig config, String region, String account, boolean deletionProtection,
      Map<String, String> tags) {
    this(file, env, config, region, account, deletionProtection, tags, null);
  }

  /**
   * Where the value at the path is written, as config errors name it ({@code FILE:LINE:COL: path}),
   * for a message about that value; just the path when the positions are not known.
   */
  public String where(ConfigPath path) {
    if (sources == null) {
      return path.toString();
    }
    SourcePosition position = sources.valuePosition(path);
    return file + ":" + position.line() + ":" + position.column() + ": " + path;
  }

  public String project() {
    return config.project();
  }

  /** The tags that mark a resource as this stack's own. */
  public Map<String, String> ownershipTags() {
    return Map.of(PROJECT_TAG, project(), ENV_TAG, env);
  }

  /** Every tag a resource of this stack carries: the config's, the resource's own, then ownership. */
  public Map<String, String> tagsWith(Map<String, String> resourceTags) {
    Map<String, String> all = new LinkedHashMap<>(tags);
    all.putAll(resourceTags);
    all.putAll(ownershipTags());
    return all;
  }

  /**
   * Every tag an IAM role of this stack carries: as {@link #tagsWith}, and the stack's region
   * ({@link #REGION_TAG}), since a role's name is the same in every region.
   */
  public Map<String, String> roleTagsWith(Map<String, String> roleTags) {
    Map<String, String> all = tagsWith(roleTags);
    all.put(REGION_TAG, region);
    return all;
  }

  /**
   * How many tags a resource of this stack carries at most: the config's, the resource's own, the
   * ownership tags and the mark of the applied config ({@link #APPLIED_TAG}).
   */
  public int tagCountWith(Map<String, String> resourceTags) {
    return tagsWith(resourceTags).size() + 1;
  }

  /**
   * The key of the config that turns deletion protection on or off for this stack's environment,
   * for the messages of what it refuses.
   */
  public String deletionProtectionSetting() {
    return config.environments().containsKey(env) ? "environments." + env + ".deletionProtection"
        : "deletionProtection";
  }

  /** The ARN partition of the stack's region ({@code aws-cn} for {@code cn-north-1}). */
  public String partition() {
    return Partitions.of(region);
  }
}
