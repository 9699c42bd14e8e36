package dev.lakehouse.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML config into a tree, remembering where each key and value was written.
 *
 * <p>Stricter than YAML itself, because a config is code: duplicate keys, anchors, aliases (the
 * billion-laughs bomb among them), binary data, files larger than {@link #MAX_BYTES} and
 * nesting deeper than {@link #MAX_DEPTH} are errors. Only {@code true} and {@code false}
 * are booleans ({@code yes}, {@code no}, {@code on}, {@code off} stay text, as in YAML 1.2),
 * and numbers are kept as the text that was written, so that {@code 012345678901} stays an
 * account id and is not read as octal.
 */
final class YamlReader {
  static final int MAX_BYTES = 1 << 20;
  static final int MAX_DEPTH = 32;

  private static final YAMLFactory FACTORY = createFactory();
  private static final String STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";
  /**
   * The YAML tags that only say what the value plainly is. Every other tag (a CloudFormation
   * habit such as !Sub or !Ref, !!binary, !!timestamp) would be dropped silently and its value
   * taken as plain text, which is not what its writer meant.
   */
  private static final Set<String> PLAIN_TAGS = Set.of("str", "int", "float", "bool", "null",
      "map", "seq").stream().map(STANDARD_TAG_PREFIX::concat).collect(java.util.stream.Collectors.toUnmodifiableSet());

  private final String file;
  private final SourceMap sources = new SourceMap();
  private final JsonNodeFactory nodes = JsonNodeFactory.instance;
  private ConfigException firstAnchor;

  private YamlReader(String file) {
    this.file = file;
  }

  /** The parsed tree (a mapping) and its source positions. */
  record Document(ObjectNode root, SourceMap sources) {}

  static Document read(String file, byte[] content) {
    YamlReader reader = new YamlReader(file);
    return new Document(reader.parse(content), reader.sources);
  }

  private static YAMLFactory createFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(0);
    options.setNestingDepthLimit(MAX_DEPTH + 8);
    options.setCodePointLimit(MAX_BYTES);
    YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 8).build());
    return factory;
  }

  private ObjectNode parse(byte[] content) {
    if (content.length > MAX_BYTES) {
      throw problem(1, 1, String.format(Locale.ROOT,
          "the file is too large (%.1f MB); a stack config is at most 1 MB", content.length / 1048576.0));
    }
    String text = decode(content);
    if (text.isBlank()) {
      throw problem(1, 1, "the file is empty; a stack needs at least 'project' and 'zones'");
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null || first == JsonToken.VALUE_STRING && parser.getText().isEmpty()) {
        throw problem(1, 1, "the file holds no YAML document; a stack needs at least 'project' and 'zones'");
      }
      if (first != JsonToken.START_OBJECT) {
        JsonLocation at = parser.currentTokenLocation();
        throw problem(at.getLineNr(), at.getColumnNr(),
            "the file must be a mapping of keys (project, zones, ...), not " + describe(first));
      }
      JsonNode root = readValue(parser, ConfigPath.ROOT, 0);
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw problem(at.getLineNr(), at.getColumnNr(), "the file holds more than one YAML document");
      }
      if (firstAnchor != null) {
        // An alias to it is refused where it is written; an anchor no alias uses is refused here.
        throw firstAnchor;
      }
      return (ObjectNode) root;
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw problem(1, 1, "cannot read the file: " + e.getMessage());
    }
  }

  private String decode(byte[] content) {
    if (isUtf16(content)) {
      throw problem(1, 1, "the file is UTF-16 text, not UTF-8: save it as UTF-8 (an editor's encoding setting, "
          + "or PowerShell's Out-File -Encoding utf8)");
    }
    for (int i = 0; i < content.length; i++) {
      if (content[i] == 0) {
        throw binary(content, i);
      }
    }
    ByteBuffer in = ByteBuffer.wrap(content);
    CharBuffer out = CharBuffer.allocate(content.length);
    CoderResult result = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(in, out, true);
    if (result.isError()) {
      if (holdsControlBytes(content)) {
        throw binary(content, in.position());
      }
      // Text in another encoding (Latin-1, Windows-1252): an accented letter is a byte UTF-8 does not take.
      throw at(content, in.position(), String.format(Locale.ROOT, "the file is not UTF-8 text: byte 0x%02X here is "
          + "not UTF-8 (is the file Latin-1 or Windows-1252?); save it as UTF-8", content[in.position()] & 0xff));
    }
    return out.flip().toString();
  }

  /** UTF-16 text: its byte-order mark, or ASCII text's every other byte zero (as Windows PowerShell writes). */
  private static boolean isUtf16(byte[] content) {
    if (content.length < 2) {
      return false;
    }
    int first = content[0] & 0xff;
    int second = content[1] & 0xff;
    return first == 0xff && second == 0xfe || first == 0xfe && second == 0xff
        || (first == 0) != (second == 0) && content.length % 2 == 0 && alternateZeros(content, first == 0 ? 0 : 1);
  }

  private static boolean alternateZeros(byte[] content, int zeroAt) {
    for (int i = 0; i < content.length; i += 2) {
      if (content[i + zeroAt] != 0 || content[i + 1 - zeroAt] == 0) {
        return false;
      }
    }
    return true;
  }

  /** Bytes no text file holds: control characters other than tab, line feed and carriage return. */
  private static boolean holdsControlBytes(byte[] content) {
    for (byte b : content) {
      if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private ConfigException binary(byte[] content, int offset) {
    return at(content, offset, "the file is not UTF-8 text (it holds binary data)");
  }

  private ConfigException at(byte[] content, int offset, String message) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i++) {
      if (content[i] == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return problem(line, column, message);
  }

  private JsonNode readValue(JsonParser parser, ConfigPath path, int depth) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    if (((YAMLParser) parser).isCurrentAlias()) {
      throw problem(at.getLineNr(), at.getColumnNr(), path,
          "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
    }
    String anchor = ((YAMLParser) parser).getCurrentAnchor();
    if (anchor != null && firstAnchor == null) {
      firstAnchor = problem(at.getLineNr(), at.getColumnNr(), path,
          "YAML anchors (&" + anchor + ") are not supported, nor aliases to them; remove the anchor");
    }
    if (depth > MAX_DEPTH) {
      throw problem(at.getLineNr(), at.getColumnNr(), path,
          "the config is nested more than " + MAX_DEPTH + " levels deep");
    }
    String tag = ((YAMLParser) parser).getTypeId();
    if (tag != null && !PLAIN_TAGS.contains(tag)) {
      String written = tag.startsWith(STANDARD_TAG_PREFIX) ? "!!" + tag.substring(STANDARD_TAG_PREFIX.length()) : "!" + tag;
      throw problem(at.getLineNr(), at.getColumnNr(), path, "YAML tags (" + written + ") are not supported: "
          + "write the value out as text, a number, true/false, a list or a mapping (${...} references are "
          + "resolved without a tag)");
    }
    sources.putValue(path, new SourcePosition(at.getLineNr(), at.getColumnNr()));
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return readObject(parser, path, depth);
      case START_ARRAY:
        return readArray(parser, path, depth);
      case VALUE_NULL:
        return nodes.nullNode();
      case VALUE_TRUE:
      case VALUE_FALSE:
        String word = parser.getText();
        return word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")
            ? nodes.booleanNode(token == JsonToken.VALUE_TRUE)
            : nodes.textNode(word);
      default:
        return nodes.textNode(parser.getText());
    }
  }

  private ObjectNode readObject(JsonParser parser, ConfigPath path, int depth) throws IOException {
    ObjectNode object = nodes.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonLocation at = parser.currentTokenLocation();
      ConfigPath child = path.key(key);
      if (object.has(key)) {
        throw problem(at.getLineNr(), at.getColumnNr(), child, "duplicate key '" + key + "'");
      }
      if (key.equals("<<")) {
        throw problem(at.getLineNr(), at.getColumnNr(), child,
            "YAML merge keys (<<) are not supported; write the keys out in this mapping");
      }
      sources.putKey(child, new SourcePosition(at.getLineNr(), at.getColumnNr()));
      parser.nextToken();
      object.set(key, readValue(parser, child, depth + 1));
    }
    return object;
  }

  private ArrayNode readArray(JsonParser parser, ConfigPath path, int depth) throws IOException {
    ArrayNode array = nodes.arrayNode();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(readValue(parser, path.index(array.size()), depth + 1));
    }
    return array;
  }

  private ConfigException syntaxError(JsonProcessingException e) {
    Throwable cause = e.getCause();
    if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      String message = marked.getProblem();
      if (message != null && message.contains("found duplicate key")) {
        message = message.replace("found duplicate key", "duplicate key");
      }
      return problem(marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1,
          "invalid YAML: " + (message == null ? e.getOriginalMessage() : message));
    }
    JsonLocation at = e.getLocation();
    int line = at == null ? 1 : Math.max(1, at.getLineNr());
    int column = at == null ? 1 : Math.max(1, at.getColumnNr());
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Expected a field name")) {
      message = "invalid YAML: a key must be a single value such as a name, not a list or a mapping";
    } else if (message != null && message.contains("nesting depth")) {
      message = "the config is nested more than " + MAX_DEPTH + " levels deep";
    } else if (message != null && message.contains("code points")) {
      message = "the file is too large; a stack config is at most 1 MB";
    } else {
      message = "invalid YAML: " + message;
    }
    return problem(line, column, message);
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a list";
      case VALUE_NULL -> "an empty value";
      default -> "a single value";
    };
  }

  private ConfigException problem(int line, int column, String message) {
    return problem(line, column, ConfigPath.ROOT, message);
  }

  private ConfigException problem(int line, int column, ConfigPath path, String message) {
    return new ConfigException(new ConfigProblem(file, new SourcePosition(line, column), path, message));
  }
}
