package dev.lakehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Resolves {@code ${project}}, {@code ${env}}, {@code ${region}}, {@code ${account}} and
 * {@code ${var.NAME}} in the text values of a config tree. Variables may refer to the
 * built-ins and to other variables; a cycle of references is an error. {@code $${} writes
 * a literal {@code ${}. Every problem is collected, so that one run reports them all.
 */
final class Interpolator {
  /** A variable as written: its text and where, so that errors inside it point there. */
  record Variable(String text, ConfigPath path) {}

  private final String file;
  private final SourceMap sources;
  private final Map<String, String> builtins;
  private final Map<String, Variable> variables;
  private final Map<String, String> resolved = new HashMap<>();
  /** Variables that refer, directly or not, to a variable of a secret's name: that variable's name, by variable. */
  private final Map<String, String> secretHeld = new HashMap<>();
  private final Deque<String> resolving = new ArrayDeque<>();
  private final List<ConfigProblem> problems = new ArrayList<>();

  Interpolator(String file, SourceMap sources, Map<String, String> builtins, Map<String, Variable> variables) {
    this.file = file;
    this.sources = sources;
    this.builtins = new LinkedHashMap<>(builtins);
    this.variables = new LinkedHashMap<>(variables);
  }

  List<ConfigProblem> problems() {
    return problems;
  }

  /** Every variable's value, resolved. */
  Map<String, String> variableValues() {
    Map<String, String> values = new LinkedHashMap<>();
    variables.keySet().forEach(name -> values.put(name, variable(name, variables.get(name).path())));
    return values;
  }

  /** Resolves the text values of the tree in place, except under the given top-level keys. */
  void resolveTree(ObjectNode root, List<String> skipTopLevel) {
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!skipTopLevel.contains(field.getKey())) {
        ConfigPath path = ConfigPath.ROOT.key(field.getKey());
        JsonNode value = resolveNode(field.getValue(), path);
        field.setValue(value);
      }
    }
  }

  private JsonNode resolveNode(JsonNode node, ConfigPath path) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().contains("${")) {
          // Keys are names the config declares (a tag key, a property): they are never resolved, and a
          // reference left in one would reach AWS as it is written.
          ConfigPath key = path.key(field.getKey());
          ConfigProblem problem = new ConfigProblem(file, sources.keyPosition(key), key, "references are resolved "
              + "in values only, not in keys: write the key '" + field.getKey() + "' out");
          if (!problems.contains(problem)) {
            problems.add(problem);
          }
        }
        field.setValue(resolveNode(field.getValue(), path.key(field.getKey())));
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, resolveNode(array.get(i), path.index(i)));
      }
      return array;
    }
    if (node.isTextual() && node.textValue().contains("$")) {
      String resolvedText = resolve(node.textValue(), path);
      if (!resolvedText.equals(node.textValue())) {
        sources.putWritten(path, node.textValue());
      }
      return TextNode.valueOf(resolvedText);
    }
    return node;
  }

  /** The text with every reference replaced; unknown or malformed references are recorded as problems. */
  String resolve(String text, ConfigPath where) {
    return resolve(text, where, null);
  }

  /**
   * As {@link #resolve(String, ConfigPath)}, for the text of the variable {@code secret} names when
   * it is a secret by its name: its problems do not quote the text, nor the references in it, which
   * are part of the secret (a password holding {@code ${}).
   */
  private String resolve(String text, ConfigPath where, String secret) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          problem(where, "unclosed '${' in " + (secret == null ? "'" + text + "'" : shown(secret)));
          return text;
        }
        String reference = text.substring(i + 2, end).trim();
        if (secret != null && !reference.startsWith("var.") && !builtins.containsKey(reference)) {
          problem(where, "an unknown reference in " + shown(secret) + "; known: "
              + String.join(", ", builtins.keySet()) + ", var.NAME (write $${ for a literal ${)");
          i = end + 1;
          continue;
        }
        out.append(lookup(reference, where));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String lookup(String reference, ConfigPath where) {
    if (reference.startsWith("var.")) {
      String name = reference.substring(4);
      if (!variables.containsKey(name)) {
        problem(where, "unknown variable '${" + reference + "}'"
            + Suggestions.didYouMean(name, variables.keySet())
            + (variables.isEmpty() ? "; declare it under 'variables'" : ""));
        return "";
      }
      String value = variable(name, where);
      String secret = Secrets.isSecretName(name) ? name : secretHeld.get(name);
      if (secret != null && !resolving.isEmpty()) {
        // A variable that refers to a secret holds it too.
        secretHeld.putIfAbsent(resolving.peek(), secret);
      } else if (secret != null) {
        problem(where, "'${" + reference + "}' "
            + (secret.equals(name) ? "is a secret, by its name" : "holds var." + secret + ", a secret by its name")
            + ": nothing the stack makes takes a secret, and a value written here is kept in AWS, where anyone "
            + "who may read the resource reads it, and printed by every plan; leave it out, or rename the "
            + "variable if it holds no secret");
      }
      return value;
    }
    String value = builtins.get(reference);
    if (value == null) {
      TreeSet<String> known = new TreeSet<>(builtins.keySet());
      variables.keySet().forEach(v -> known.add("var." + v));
      problem(where, "unknown reference '${" + reference + "}'" + Suggestions.didYouMean(reference, known)
          + "; known: " + String.join(", ", builtins.keySet()) + ", var.NAME");
      return "";
    }
    return value;
  }

  private String variable(String name, ConfigPath where) {
    String done = resolved.get(name);
    if (done != null) {
      return done;
    }
    if (resolving.contains(name)) {
      List<String> cycle = new ArrayList<>(resolving);
      Collections.reverse(cycle);
      cycle = cycle.subList(cycle.indexOf(name), cycle.size());
      cycle.add(name);
      problem(variables.get(name).path(), "a cycle of references: var." + String.join(" -> var.", cycle));
      resolved.put(name, "");
      return "";
    }
    resolving.push(name);
    Variable variable = variables.get(name);
    String value = resolve(variable.text(), variable.path(), Secrets.isSecretName(name) ? name : null);
    resolving.pop();
    resolved.put(name, value);
    return value;
  }

  private static String shown(String secret) {
    return "the value of var." + secret + " (not shown: a secret by its name)";
  }

  private void problem(ConfigPath path, String message) {
    ConfigProblem problem = new ConfigProblem(file, sources.valuePosition(path), path, message);
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }
}
