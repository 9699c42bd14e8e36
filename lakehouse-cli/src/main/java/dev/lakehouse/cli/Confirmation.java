package dev.lakehouse.cli;

import dev.lakehouse.errors.Refused;

/**
 * The yes a command needs on a terminal before it changes something: asked when there is a
 * terminal, refused when there is none (pass {@code --auto-approve} instead), and anything
 * but {@code yes} cancels.
 */
final class Confirmation {
  private Confirmation() {}

  /**
   * @param question the question, ending before the "Only 'yes'" part
   * @param withoutTerminal the refusal when there is no terminal to ask on
   * @param cancelled the refusal when the answer is not yes
   */
  static void require(Environment environment, String question, String withoutTerminal, String cancelled) {
    Terminal terminal = environment.terminal();
    if (!terminal.isInteractive()) {
      throw new Refused(withoutTerminal);
    }
    String answer = terminal.readLine(question + " Only 'yes' will be accepted: ");
    if (answer == null || !answer.trim().equals("yes")) {
      throw new Refused(cancelled);
    }
  }
}
