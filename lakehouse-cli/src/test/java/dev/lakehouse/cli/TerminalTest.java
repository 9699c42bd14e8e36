package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the tool tells whether there is a user at a terminal to ask, and how it asks one whose output is piped. */
class TerminalTest {
  @TempDir
  Path dir;

  @Test
  void standardInputIsATerminalWhenItsDescriptorLeadsToOne() throws Exception {
    assertThat(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("pts"), Path.of("/dev/pts/3")))).isTrue();
    assertThat(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("tty"), Path.of("/dev/tty2")))).isTrue();
    assertThat(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("pipe"), Path.of("pipe:[81234]")))).isFalse();
    assertThat(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("null"), Path.of("/dev/null")))).isFalse();
    assertThat(Terminal.isTerminal(Files.createSymbolicLink(dir.resolve("file"), dir.resolve("plan.txt")))).isFalse();
    assertThat(Terminal.isTerminal(Files.writeString(dir.resolve("regular"), "not a link"))).isFalse();
    assertThat(Terminal.isTerminal(dir.resolve("missing"))).as("no /proc to read").isFalse();
  }

  @Test
  void theQuestionGoesToTheTerminalAndTheAnswerComesFromStandardInput() {
    ByteArrayOutputStream device = new ByteArrayOutputStream();
    Terminal terminal = Terminal.answeredOn(new ByteArrayInputStream("yes\nno\n".getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8, () -> device);
    assertThat(terminal.isInteractive()).isTrue();
    assertThat(terminal.readLine("Do you want to apply these changes? ")).isEqualTo("yes");
    assertThat(terminal.readLine("Again? ")).isEqualTo("no");
    assertThat(terminal.readLine("And again? ")).as("end of input").isNull();
    assertThat(device.toString(StandardCharsets.UTF_8)).isEqualTo("Do you want to apply these changes? Again? And again? ");
  }
}
