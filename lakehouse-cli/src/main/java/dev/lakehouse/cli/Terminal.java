package dev.lakehouse.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The interactive terminal, when there is one: where apply asks for confirmation. */
public interface Terminal {
  /** No terminal: nothing can be asked. */
  Terminal NONE = new Terminal() {
    @Override
    public boolean isInteractive() {
      return false;
    }

    @Override
    public String readLine(String prompt) {
      throw new IllegalStateException("there is no terminal to ask on");
    }
  };

  boolean isInteractive();

  /** Shows the prompt and reads one line; null at end of input. */
  String readLine(String prompt);

  /**
   * The process's terminal, if it has one: its console when both standard input and output are a
   * terminal; else, when standard input is one (output piped, {@code lakehouse apply | tee
   * apply.log}), the user at that terminal, asked on the terminal itself ({@code /dev/tty}, or
   * standard error where it cannot be opened) and answering on standard input. A process whose
   * standard input is not a terminal (a CI job, a pipe, {@code < /dev/null}) has none.
   */
  static Terminal system() {
    Console console = System.console();
    if (console != null) {
      return asking(prompt -> console.readLine("%s", prompt));
    }
    if (!isTerminal(Path.of("/proc/self/fd/0"))) {
      return NONE;
    }
    return answeredOn(System.in, Charset.defaultCharset(), () -> {
      try {
        return new FileOutputStream("/dev/tty");
      } catch (IOException e) {
        return null;
      }
    });
  }

  /**
   * Whether the link to a file descriptor ({@code /proc/self/fd/0} on Linux) leads to a terminal
   * ({@code /dev/pts/N}, {@code /dev/ttyN}, {@code /dev/console}); false where there is no such link
   * to read, as on systems without {@code /proc}, where only the console counts.
   */
  static boolean isTerminal(Path descriptor) {
    try {
      String target = Files.readSymbolicLink(descriptor).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Where the prompt is shown: the terminal's device, or null to show it on standard error. */
  interface PromptOutput {
    OutputStream open();
  }

  /**
   * A terminal whose user answers on {@code input} and is asked on what {@code promptOutput} opens
   * (on standard error when it opens nothing).
   */
  static Terminal answeredOn(InputStream input, Charset charset, PromptOutput promptOutput) {
    BufferedReader answers = new BufferedReader(new InputStreamReader(input, charset));
    return asking(prompt -> {
      OutputStream device = promptOutput.open();
      try {
        if (device == null) {
          System.err.print(prompt);
          System.err.flush();
        } else {
          try (PrintStream out = new PrintStream(device, true, charset)) {
            out.print(prompt);
          }
        }
        return answers.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** A terminal on which {@code ask} shows a prompt and returns the line answered (null at end of input). */
  public static Terminal asking(UnaryOperator<String> ask) {
    return new Terminal() {
      @Override
      public boolean isInteractive() {
        return true;
      }

      @Override
      public String readLine(String prompt) {
        return ask.apply(prompt);
      }
    };
  }
}
