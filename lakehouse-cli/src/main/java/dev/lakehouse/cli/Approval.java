package dev.lakehouse.cli;

import dev.lakehouse.errors.Refused;

/** The confirmation apply and destroy ask for on a terminal; {@code --auto-approve} skips it. */
final class Approval {
  private Approval() {}

  /**
   * Asks on the terminal and returns when the answer is {@code yes}.
   *
   * @param verb what is confirmed: "apply", "destroy"
   * @throws Refused with no terminal to ask on, or any other answer
   */
  static void confirm(Environment environment, boolean autoApprove, String verb, String question) {
    if (autoApprove) {
      return;
    }
    Terminal terminal = environment.terminal();
    if (!terminal.isInteractive()) {
      throw new Refused("Cannot " + verb + " without confirmation: there is no terminal to ask on. "
          + "Review the plan and pass --auto-approve to " + verb + " it");
    }
    String answer = terminal.readLine(question + " Only 'yes' will be accepted: ");
    if (answer == null || !answer.trim().equals("yes")) {
      throw new Refused(Character.toUpperCase(verb.charAt(0)) + verb.substring(1)
          + " cancelled: the answer was not 'yes'. Nothing was changed");
    }
  }
}
