package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README, the docs and the examples' READMEs leads to a file that is
 * there and, where it names a section, to a heading of that file, as GitHub anchors it.
 */
class DocumentLinksTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  @Test
  void everyRelativeLinkLeadsToAFileAndASectionThatAreThere() throws IOException {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path document : documents()) {
      for (String link : links(Files.readAllLines(document))) {
        if (link.matches("[a-z]+:.*")) {
          continue;
        }
        checked++;
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        Path target = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!Files.exists(target)) {
          problems.add(ROOT.relativize(document) + ": " + link + ": no such file");
        } else if (hash >= 0 && target.toString().endsWith(".md")
            && !anchors(Files.readAllLines(target)).contains(link.substring(hash + 1))) {
          problems.add(ROOT.relativize(document) + ": " + link + ": no such section");
        }
      }
    }
    assertThat(problems).as("links that lead nowhere").isEmpty();
    assertThat(checked).isGreaterThan(50);
  }

  /** README.md, docs/*.md and the examples' README.md files. */
  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    for (String folder : List.of("docs", "examples")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
        files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
      }
    }
    return documents;
  }

  /** The link targets of a Markdown text outside its fenced blocks. */
  private static List<String> links(List<String> lines) {
    List<String> links = new ArrayList<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.trim().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        Matcher link = LINK.matcher(line);
        while (link.find()) {
          links.add(link.group(1));
        }
      }
    }
    return links;
  }

  /** The anchors GitHub gives a Markdown text's headings: lower case, punctuation dropped, spaces as '-'. */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : lines) {
      if (line.trim().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (fenced || !heading.matches()) {
        continue;
      }
      String anchor = heading.group(1).toLowerCase(Locale.ROOT)
          .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
      int times = seen.merge(anchor, 1, Integer::sum);
      anchors.add(times == 1 ? anchor : anchor + "-" + (times - 1));
    }
    return anchors;
  }
}
