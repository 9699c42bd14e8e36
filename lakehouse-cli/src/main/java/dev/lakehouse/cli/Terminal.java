package dev.lakehouse.cli;

import java.io.Console;

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

  /** The process's console, if it has one. */
  static Terminal system() {
    Console console = System.console();
    if (console == null) {
      return NONE;
    }
    return new Terminal() {
      @Override
      public boolean isInteractive() {
        return true;
      }

      @Override
      public String readLine(String prompt) {
        return console.readLine("%s", prompt);
      }
    };
  }
}
