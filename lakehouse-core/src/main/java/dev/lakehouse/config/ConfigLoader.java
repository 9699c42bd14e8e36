package dev.lakehouse.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.aws.Partitions;
import dev.lakehouse.aws.ProfileRegion;
import dev.lakehouse.config.model.EnvironmentConfig;
import dev.lakehouse.config.model.StackConfig;
import dev.lakehouse.config.units.Durations;
import dev.lakehouse.config.units.Size;
import dev.lakehouse.config.validate.StackValidator;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Loads {@code lakehouse.yaml} for one environment: reads the YAML, picks the environment,
 * resolves references, binds the typed model strictly and validates it. Makes no AWS call;
 * {@code ${account}} takes the account id given, or a placeholder when none is (validate).
 */
public final class ConfigLoader {
  /** What {@code ${account}} becomes when the command makes no AWS call. */
  public static final String PLACEHOLDER_ACCOUNT = "000000000000";
  /** The environment name when the config declares none and none is given. */
  public static final String DEFAULT_ENV = "default";

  private static final List<String> RAW_SECTIONS = List.of("variables", "environments");
  private static final ObjectMapper MAPPER = createMapper();

  /** Where the config is and what to load it for. */
  public record Request(Path file, String displayName, String env, String regionOverride, String profile,
      String account) {
    public Request {
      Objects.requireNonNull(file, "file");
      displayName = displayName == null ? file.toString() : displayName;
    }

    /** A request that names no AWS profile. */
    public Request(Path file, String displayName, String env, String regionOverride, String account) {
      this(file, displayName, env, regionOverride, null, account);
    }

    public static Request of(Path file, String env) {
      return new Request(file, null, env, null, null);
    }

    public Request withAccount(String accountId) {
      return new Request(file, displayName, env, regionOverride, profile, accountId);
    }
  }

  private final Map<String, String> environmentVariables;

  public ConfigLoader() {
    this(System.getenv());
  }

  /** For tests: the process environment the loader reads AWS_REGION from. */
  public ConfigLoader(Map<String, String> environmentVariables) {
    this.environmentVariables = Map.copyOf(environmentVariables);
  }

  public Stack load(Request request) {
    return load(request, region -> { });
  }

  /**
   * Loads the config, telling {@code regionChosen} the stack's region as soon as it is known,
   * before the rest is resolved and validated: a command can make its AWS clients meanwhile
   * (they call nothing until asked to). Told nothing when the config fails first.
   */
  public Stack load(Request request, Consumer<String> regionChosen) {
    if (request.file().toString().isEmpty()) {
      // -f "$CONFIG" with CONFIG unset: the empty path is the current directory.
      throw new ConfigException(ConfigProblem.outsideTheFile(request.displayName(),
          "-f: the file name is empty; pass the stack config with -f FILE (without -f: lakehouse.yaml)"));
    }
    if (Files.isDirectory(request.file())) {
      // -f . or -f config/ (the JDK's own words, "Is a directory", say nothing of what to pass).
      throw fileProblem(request, "is a directory, not a file; pass the stack config with -f FILE");
    }
    byte[] content;
    try {
      content = Files.readAllBytes(request.file());
    } catch (NoSuchFileException e) {
      throw fileProblem(request, "no such file; pass the stack config with -f FILE");
    } catch (IOException e) {
      throw fileProblem(request, cannotRead(e));
    }
    return load(request, content, regionChosen);
  }

  /** Why the file cannot be read: the JDK's message of a file system error is only the file's name. */
  static String cannotRead(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "cannot read the file: permission denied; check who may read it (ls -l)";
    }
    String reason = e instanceof FileSystemException failed && failed.getReason() != null
        ? failed.getReason() : e.getMessage();
    return "cannot read the file" + (reason == null ? "" : ": " + reason);
  }

  Stack load(Request request, byte[] content) {
    return load(request, content, region -> { });
  }

  Stack load(Request request, byte[] content, Consumer<String> regionChosen) {
    String file = request.displayName();
    YamlReader.Document document = YamlReader.read(file, content);
    ObjectNode root = document.root();
    SourceMap sources = document.sources();
    Problems problems = new Problems(file, sources);

    // Every environment's unknown keys and values of the wrong kind are reported with the rest of the
    // file's: the reading goes on past them, and stops only where it cannot (no environment, no region).
    checkEnvironments(root, file, sources, problems);
    int before = problems.count();
    String env = chooseEnvironment(root, request.env(), problems);
    if (before == problems.count() && env == null && request.env() != null
        && !StackValidator.isEnvironmentName(request.env())) {
      // A config that declares no environments takes --env's name as it is: it becomes ${env} and
      // the lakehouse:env tag, so it must be a name the config could have declared.
      problems.addOutsideTheFile("--env: '" + request.env() + "' is not an environment name: it must start "
          + "with a lowercase letter and hold only lowercase letters, digits and hyphens (at most 30)");
    }
    throwIfMore(problems, before);
    EnvironmentConfig environment = env == null ? null : environmentOrItsRegion(root, env, file, sources);
    String envName = env == null ? (request.env() == null ? DEFAULT_ENV : request.env()) : env;

    // The project as the model binds it: a number or true/false is its text, so that ${project} is
    // what the project check judges and not an empty name that every bucket would be blamed for.
    JsonNode projectNode = root.path("project");
    String project = projectNode.isValueNode() && !projectNode.isNull() ? projectNode.asText() : null;
    if (project != null && project.contains("${")) {
      problems.add(ConfigPath.of("project"), "the project name cannot contain references");
    }
    before = problems.count();
    ChosenRegion chosen = chooseRegion(request, root, environment, env);
    String region = chosen.name();
    if (region == null) {
      problems.add(ConfigPath.ROOT,
          "no region: set 'region' in the config (or in the environment's section), pass --region, or set AWS_REGION "
              + "(or a region in the AWS profile)");
    } else if (chosen.path() != null && region.contains("${")) {
      // The region is chosen before references are resolved, and they may refer to ${region}.
      problems.add(chosen.path(), "the region cannot contain references; write the region's name, e.g. us-east-1");
    } else if (chosen.source() != null && !StackValidator.isRegionName(region)) {
      problems.addOutsideTheFile(chosen.source() + ": '" + region + "' is not an AWS region name such as us-east-1");
    }
    throwIfMore(problems, before);
    regionChosen.accept(region);

    Map<String, String> builtins = new LinkedHashMap<>();
    builtins.put("project", project == null ? "" : project);
    builtins.put("env", envName);
    builtins.put("region", region);
    builtins.put("account", request.account() == null ? PLACEHOLDER_ACCOUNT : request.account());
    builtins.put("partition", Partitions.of(region));
    if (request.account() == null) {
      problems.showAs(PLACEHOLDER_ACCOUNT, "${account}");
    }
    before = problems.count();
    Interpolator interpolator =
        new Interpolator(file, sources, builtins, variables(root, env, problems));
    // A variable that is not a value cannot be resolved: every reference to it would be blamed too.
    throwIfMore(problems, before);
    interpolator.variableValues().forEach((name, value) -> {
      if (Secrets.isSecretName(name)) {
        problems.hide(value, name);
      }
    });
    interpolator.resolveTree(root, RAW_SECTIONS);
    otherEnvironmentsReferences(root, env, builtins, file, sources, problems);
    if (!interpolator.problems().isEmpty()) {
      problems.addAll(interpolator.problems());
      // What does not bind is reported beside the references that do not resolve; not where a
      // reference failed, whose value is gone.
      try {
        bind(root, StackConfig.class, file, sources, ConfigPath.ROOT);
      } catch (ConfigException e) {
        e.problems().stream()
            .filter(found -> interpolator.problems().stream().noneMatch(reference -> within(found.path(), reference.path())))
            .forEach(found -> problems.addAll(List.of(found)));
      }
      problems.throwIfAny();
    }

    StackConfig config = bindResolved(root, file, sources, problems);
    boolean deletionProtection = environment != null && environment.deletionProtection() != null
        ? environment.deletionProtection()
        : Boolean.TRUE.equals(config.deletionProtection());
    Map<String, String> tags = new LinkedHashMap<>(config.tags());
    if (environment != null) {
      tags.putAll(resolvedEnvironmentTags(environment, interpolator, env));
    }
    problems.addAll(interpolator.problems());
    problems.throwIfAny();
    Stack stack = new Stack(file, envName, config, region, request.account(), deletionProtection, tags, sources);
    refuseCredentials(root, ConfigPath.ROOT, problems);
    new StackValidator(stack, problems).validate();
    problems.throwIfAny();
    return stack;
  }

  /**
   * Refuses every value, as written or as a reference makes it, that looks like an AWS credential:
   * what the stack writes (a description, a table property such as Iceberg's s3.secret-access-key)
   * is kept in AWS, where anyone who may read the resource reads it, and every plan prints it.
   * Tags are the tag rules' (which say so in their own words); variables are judged where they are used.
   */
  private static void refuseCredentials(JsonNode node, ConfigPath path, Problems problems) {
    if (node.isTextual()) {
      Secrets.credentialKind(node.textValue()).ifPresent(kind -> problems.add(path, "this value looks like " + kind
          + " (not shown): nothing the stack makes takes a credential, and what the config writes is kept in AWS, "
          + "where anyone who may read the resource reads it, and printed by every plan; leave it out"));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refuseCredentials(node.get(i), path.index(i), problems);
      }
    } else if (node.isObject() && !isTags(path)) {
      node.fields().forEachRemaining(field -> {
        if (!path.isRoot() || !RAW_SECTIONS.contains(field.getKey())) {
          refuseCredentials(field.getValue(), path.key(field.getKey()), problems);
        }
      });
    }
  }

  /** Whether the path is that of a {@code tags} section: not of a zone that is named so. */
  private static boolean isTags(ConfigPath path) {
    return "tags".equals(path.lastKey()) && !"zones".equals(path.parent().lastKey());
  }

  private static Map<String, String> resolvedEnvironmentTags(
      EnvironmentConfig environment, Interpolator interpolator, String env) {
    Map<String, String> tags = new LinkedHashMap<>();
    environment.tags().forEach((key, value) -> tags.put(key,
        interpolator.resolve(value, ConfigPath.of("environments", env, "tags", key))));
    return tags;
  }

  private static void throwIfMore(Problems problems, int before) {
    if (problems.count() > before) {
      problems.throwIfAny();
    }
  }

  /**
   * Every environment is checked, not only the chosen one: a typo in prod, in a key or in the name
   * of a variable it overrides, fails validate for dev too.
   */
  private void checkEnvironments(ObjectNode root, String file, SourceMap sources, Problems problems) {
    JsonNode environments = root.get("environments");
    if (environments == null || environments.isNull()) {
      return;
    }
    if (!environments.isObject()) {
      throw new ConfigException(new ConfigProblem(file, sources.valuePosition(ConfigPath.of("environments")),
          ConfigPath.of("environments"), "expected a mapping of environment names, got " + describe(environments)));
    }
    JsonNode declared = root.get("variables");
    List<String> declaredNames = new ArrayList<>();
    if (declared != null && declared.isObject()) {
      declared.fieldNames().forEachRemaining(declaredNames::add);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = environments.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      try {
        environmentOf(root, entry.getKey(), file, sources);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
      JsonNode overrides = entry.getValue().path("variables");
      if (overrides.isObject()) {
        collectVariables(overrides, ConfigPath.of("environments", entry.getKey(), "variables"), new LinkedHashMap<>(),
            new TreeSet<>(declaredNames), problems);
      }
    }
  }

  /**
   * Resolves the references in every other environment's tags and variables as its own run would,
   * keeping the problems found in its section: a typo in prod's section fails validate --env dev too.
   */
  private static void otherEnvironmentsReferences(ObjectNode root, String env, Map<String, String> builtins,
      String file, SourceMap sources, Problems problems) {
    JsonNode environments = root.path("environments");
    Iterator<Map.Entry<String, JsonNode>> entries = environments.isObject()
        ? environments.fields() : Collections.emptyIterator();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (entry.getKey().equals(env) || !entry.getValue().isObject()) {
        continue;
      }
      ConfigPath section = ConfigPath.of("environments", entry.getKey());
      Map<String, String> theirBuiltins = new LinkedHashMap<>(builtins);
      theirBuiltins.put("env", entry.getKey());
      Interpolator theirs = new Interpolator(file, sources, theirBuiltins, variables(root, entry.getKey(), problems));
      theirs.variableValues().forEach((name, value) -> {
        if (Secrets.isSecretName(name)) {
          problems.hide(value, name);
        }
      });
      JsonNode tags = entry.getValue().path("tags");
      if (tags.isObject()) {
        tags.fields().forEachRemaining(tag -> {
          if (tag.getValue().isTextual()) {
            theirs.resolve(tag.getValue().textValue(), section.key("tags").key(tag.getKey()));
          }
        });
      }
      theirs.problems().stream().filter(found -> within(found.path(), section))
          .forEach(found -> problems.addAll(List.of(found)));
    }
  }

  /**
   * The environment's section; where it does not bind (its problems are already recorded), only its
   * region, so that the rest of the file is still read and its problems reported with the section's.
   */
  private EnvironmentConfig environmentOrItsRegion(ObjectNode root, String env, String file, SourceMap sources) {
    try {
      return environmentOf(root, env, file, sources);
    } catch (ConfigException e) {
      JsonNode region = root.path("environments").path(env).path("region");
      return new EnvironmentConfig(null, null, region.isTextual() ? region.textValue() : null, null, null);
    }
  }

  private EnvironmentConfig environmentOf(ObjectNode root, String env, String file, SourceMap sources) {
    JsonNode node = root.path("environments").path(env);
    if (node.isNull() || node.isMissingNode()) {
      return new EnvironmentConfig(null, null, null, null, null);
    }
    return bind(node, EnvironmentConfig.class, file, sources, ConfigPath.of("environments", env));
  }

  private static String chooseEnvironment(ObjectNode root, String requested, Problems problems) {
    JsonNode environments = root.get("environments");
    if (environments == null || environments.isNull() || environments.isEmpty()) {
      return null;
    }
    List<String> declared = new ArrayList<>();
    environments.fieldNames().forEachRemaining(declared::add);
    if (requested == null) {
      problems.addAtKey(ConfigPath.of("environments"),
          "this config declares environments (" + String.join(", ", declared) + "); choose one with --env");
      return null;
    }
    if (!declared.contains(requested)) {
      problems.addAtKey(ConfigPath.of("environments"), "unknown environment '" + requested + "'"
          + Suggestions.didYouMean(requested, declared) + " (declared: " + String.join(", ", declared) + ")");
      return null;
    }
    return requested;
  }

  /**
   * The stack's region and, when it was not written in the file, where it came from: a bad region
   * from {@code --region} or {@code AWS_REGION} must be blamed on them, not on a line of the file
   * (the validator checks the regions the file holds, where they are written).
   */
  private record ChosenRegion(String name, String source, ConfigPath path) {}

  private ChosenRegion chooseRegion(Request request, ObjectNode root, EnvironmentConfig environment, String env) {
    if (request.regionOverride() != null) {
      return new ChosenRegion(request.regionOverride(), "--region", null);
    }
    if (environment != null && environment.region() != null) {
      return new ChosenRegion(environment.region(), null,
          ConfigPath.of("environments").key(env).key("region"));
    }
    if (root.path("region").isTextual()) {
      return new ChosenRegion(root.get("region").textValue(), null, ConfigPath.of("region"));
    }
    for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
      String fromEnvironment = environmentVariables.get(variable);
      if (fromEnvironment != null) {
        return new ChosenRegion(fromEnvironment,
            variable + " (from the environment, as the config sets no region)", null);
      }
    }
    ProfileRegion fromProfile = ProfileRegion.of(request.profile(), environmentVariables);
    if (fromProfile != null) {
      return new ChosenRegion(fromProfile.region(), "the region of profile '" + fromProfile.profile() + "' in "
          + fromProfile.file() + " (as neither the config nor the environment sets one)", null);
    }
    return new ChosenRegion(null, null, null);
  }

  /** Whether the path is the other or lies under it. */
  private static boolean within(ConfigPath path, ConfigPath other) {
    if (path == null || other == null) {
      return false;
    }
    for (ConfigPath at = path; ; at = at.parent()) {
      if (at.equals(other)) {
        return true;
      }
      if (at.isRoot()) {
        return false;
      }
    }
  }

  private static Map<String, Interpolator.Variable> variables(ObjectNode root, String env, Problems problems) {
    Map<String, Interpolator.Variable> variables = new LinkedHashMap<>();
    JsonNode declared = root.get("variables");
    if (declared != null && !declared.isNull()) {
      if (!declared.isObject()) {
        problems.add(ConfigPath.of("variables"), "expected a mapping of variable names to values, got " + describe(declared));
        return variables;
      }
      collectVariables(declared, ConfigPath.of("variables"), variables, null, problems);
    }
    if (env != null) {
      JsonNode overrides = root.path("environments").path(env).path("variables");
      if (overrides.isObject()) {
        collectVariables(overrides, ConfigPath.of("environments", env, "variables"), variables,
            new TreeSet<>(variables.keySet()), problems);
      }
    }
    return variables;
  }

  private static void collectVariables(JsonNode node, ConfigPath base, Map<String, Interpolator.Variable> into,
      Collection<String> mustBeDeclared, Problems problems) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      ConfigPath path = base.key(entry.getKey());
      JsonNode value = entry.getValue();
      if (mustBeDeclared != null && !mustBeDeclared.contains(entry.getKey())) {
        problems.addAtKey(path, "unknown variable '" + entry.getKey() + "' (variables are declared under the "
            + "top-level 'variables')" + Suggestions.didYouMean(entry.getKey(), mustBeDeclared));
      } else if (!value.isValueNode() || value.isNull()) {
        problems.add(path, "a variable must be text, a number or true/false, got " + describe(value));
      } else {
        into.put(entry.getKey(), new Interpolator.Variable(value.asText(), path));
      }
    }
  }

  /** Binds the resolved tree; its problem goes through {@code problems}, which hides secret values. */
  private static StackConfig bindResolved(ObjectNode root, String file, SourceMap sources, Problems problems) {
    try {
      return bind(root, StackConfig.class, file, sources, ConfigPath.ROOT);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      problems.throwIfAny();
      throw e;
    }
  }

  private static <T> T bind(JsonNode node, Class<T> type, String file, SourceMap sources, ConfigPath base) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      List<ConfigProblem> found = new ArrayList<>();
      everyBindingProblem(node, MAPPER.constructType(type), file, sources, base, found);
      if (found.isEmpty()) {
        found.add(translate(e, node, file, sources, base));
      }
      throw new ConfigException(found);
    } catch (IOException e) {
      throw new ConfigException(new ConfigProblem(file, sources.valuePosition(base), base, e.getMessage()));
    }
  }

  /**
   * Binds each part of a node that does not bind on its own, down to the keys and values at fault,
   * so that every unknown key and every value of the wrong kind is reported at once, not only the
   * first that the binder meets. A node whose parts all bind (a record its own constructor refuses,
   * an empty item of a list) is reported as a whole.
   */
  private static void everyBindingProblem(JsonNode node, JavaType type, String file, SourceMap sources,
      ConfigPath path, List<ConfigProblem> found) {
    JsonMappingException failure;
    try {
      MAPPER.treeToValue(node, type);
      return;
    } catch (JsonMappingException e) {
      failure = e;
    } catch (IOException e) {
      found.add(new ConfigProblem(file, sources.valuePosition(path), path, e.getMessage()));
      return;
    }
    int before = found.size();
    Class<?> raw = type.getRawClass();
    if (raw.isRecord() && node.isObject()) {
      Map<String, RecordComponent> components = new LinkedHashMap<>();
      for (RecordComponent component : raw.getRecordComponents()) {
        components.put(component.getName(), component);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        RecordComponent component = components.get(field.getKey());
        if (component == null) {
          ObjectNode alone = MAPPER.createObjectNode();
          alone.set(field.getKey(), field.getValue());
          try {
            MAPPER.treeToValue(alone, type);
          } catch (JsonMappingException unknown) {
            found.add(translate(unknown, alone, file, sources, path));
          } catch (IOException unreadable) {
            found.add(new ConfigProblem(file, sources.keyPosition(path.key(field.getKey())), path.key(field.getKey()),
                unreadable.getMessage()));
          }
        } else {
          everyBindingProblem(field.getValue(), MAPPER.getTypeFactory().constructType(component.getGenericType()),
              file, sources, path.key(field.getKey()), found);
        }
      }
    } else if (node.isArray() && type.isCollectionLikeType()) {
      for (int i = 0; i < node.size(); i++) {
        if (node.get(i).isNull()) {
          found.add(new ConfigProblem(file, sources.valuePosition(path.index(i)), path.index(i),
              emptyValue(path.index(i))));
        } else {
          everyBindingProblem(node.get(i), type.getContentType(), file, sources, path.index(i), found);
        }
      }
    } else if (node.isObject() && type.isMapLikeType()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        ConfigPath at = path.key(field.getKey());
        if (field.getValue().isNull()) {
          found.add(new ConfigProblem(file, sources.valuePosition(at), at, emptyValue(at)));
        } else {
          everyBindingProblem(field.getValue(), type.getContentType(), file, sources, at, found);
        }
      }
    }
    if (found.size() == before) {
      found.add(translate(failure, node, file, sources, path));
    }
  }

  private static ConfigProblem translate(
      JsonMappingException e, JsonNode root, String file, SourceMap sources, ConfigPath base) {
    ConfigPath path = base;
    JsonNode value = root;
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path = path.key(ref.getFieldName());
        value = value == null ? null : value.get(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path = path.index(ref.getIndex());
        value = value == null ? null : value.get(ref.getIndex());
      }
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      List<String> known = new ArrayList<>();
      unknown.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
      known.sort(null);
      String hint = Suggestions.didYouMean(unknown.getPropertyName(), known);
      return new ConfigProblem(file, sources.keyPosition(path), path,
          "unknown key '" + unknown.getPropertyName() + "'"
              + (hint.isEmpty() ? "; known keys here: " + String.join(", ", known) : hint));
    }
    String message;
    if (e instanceof InvalidNullException) {
      message = emptyValue(path);
    } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
      message = e.getCause().getMessage();
    } else if (e instanceof InvalidFormatException invalid && isUnit(invalid.getTargetType())) {
      message = invalid.getOriginalMessage();
    } else if (e instanceof MismatchedInputException mismatch && isWrittenEmpty(value)
        && isStructure(mismatch.getTargetType())) {
      message = emptyValue(path);
    } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      message = outOfRange(mismatch.getTargetType(), value)
          .orElse("expected " + describe(mismatch.getTargetType()) + ", got " + describe(value));
    } else {
      message = e.getOriginalMessage();
    }
    String written = sources.writtenAs(path);
    if (written != null) {
      message += " (written as '" + written + "')";
    }
    return new ConfigProblem(file, sources.valuePosition(path), path, message);
  }

  /** A value written as nothing ({@code key:}, or a {@code -} alone), which the reader gives as empty text. */
  private static boolean isWrittenEmpty(JsonNode value) {
    return value != null && value.isTextual() && value.textValue().isEmpty();
  }

  private static boolean isStructure(Class<?> type) {
    return type != null && (type.isRecord() || Map.class.isAssignableFrom(type)
        || Collection.class.isAssignableFrom(type));
  }

  /**
   * What to write instead of an empty value: an environment that overrides nothing is an empty
   * mapping, and removing its key would remove the environment.
   */
  private static String emptyValue(ConfigPath path) {
    if (path.parent().lastKey() != null && path.parent().lastKey().equals("environments")
        && path.parent().parent().isRoot()) {
      return "an empty value is not allowed here; write '" + path.lastKey() + ": {}' for an environment that "
          + "takes everything from the top level";
    }
    return "an empty value is not allowed here; " + (path.lastKey() == null
        ? "remove the item or give it a value" : "remove the key or give it a value");
  }

  /**
   * Why a whole number that does not fit the field's type was refused: it is whole, only too large
   * (or too small), and "expected a whole number" would send the reader looking for a typo.
   */
  private static Optional<String> outOfRange(Class<?> type, JsonNode value) {
    if (value == null || !value.isTextual() || !value.textValue().trim().matches("[-+]?\\d+")) {
      return Optional.empty();
    }
    boolean isInt = type == Integer.class || type == int.class;
    if (!isInt && type != Long.class && type != long.class) {
      return Optional.empty();
    }
    BigInteger number = new BigInteger(value.textValue().trim());
    BigInteger max = BigInteger.valueOf(isInt ? Integer.MAX_VALUE : Long.MAX_VALUE);
    BigInteger min = BigInteger.valueOf(isInt ? Integer.MIN_VALUE : Long.MIN_VALUE);
    if (number.compareTo(max) > 0) {
      return Optional.of(number + " is too large: at most " + max);
    }
    return number.compareTo(min) < 0
        ? Optional.of(number + " is too small: at least " + min)
        : Optional.empty();
  }

  private static boolean isUnit(Class<?> type) {
    return type == Size.class || type == Duration.class;
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == Size.class) {
      return "a size such as 100GB";
    }
    if (type == Duration.class) {
      return "a duration such as 7d";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping" + (type.isRecord() ? " with keys " + keysOf(type) : "");
    }
    return type.getSimpleName();
  }

  private static String keysOf(Class<?> record) {
    List<String> names = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      names.add(component.getName());
    }
    return String.join(", ", names);
  }

  static String describe(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return "'" + value.asText() + "'";
  }

  private static ConfigException fileProblem(Request request, String message) {
    return new ConfigException(
        new ConfigProblem(request.displayName(), new SourcePosition(1, 1), ConfigPath.ROOT, message));
  }

  private static ObjectMapper createMapper() {
    SimpleModule units = new SimpleModule("lakehouse-units");
    units.addDeserializer(Size.class, new UnitDeserializer<>(Size.class, Size::parse));
    units.addDeserializer(Duration.class, new UnitDeserializer<>(Duration.class, Durations::parse));
    // A null item of a list or value of a map (`- ~`, `Owner: ~`) is refused where it is written:
    // every reader of the model may take an element for a value. A null record field stays absent.
    return JsonMapper.builder()
        .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .addModule(units)
        .build();
  }

  /** Reads a unit-bearing scalar (a size, a duration) from its text, with the parser's own message. */
  private static final class UnitDeserializer<T> extends JsonDeserializer<T> {
    private final Class<T> type;
    private final java.util.function.Function<String, T> parse;

    UnitDeserializer(Class<T> type, java.util.function.Function<String, T> parse) {
      this.type = type;
      this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        throw InvalidFormatException.from(p, "expected " + describe(type) + ", got a "
            + (p.currentToken().isStructStart() && p.currentToken().name().contains("ARRAY") ? "list" : "mapping"),
            null, type);
      }
      String text = p.getText();
      try {
        return parse.apply(text);
      } catch (IllegalArgumentException e) {
        throw InvalidFormatException.from(p, e.getMessage(), text, type);
      }
    }
  }
}
