package dev.lakehouse.cli;

import dev.lakehouse.errors.Refused;

/** The confirmation apply, destroy and rollback ask for on a terminal; {@code --auto-approve} skips it. */
final class Approval {
  private Approval() {}

  /**
   * Asks on the terminal and returns when the answer is {@code yes}.
   *
   * @param json whether the command's output is JSON, which shows no plan to review: then only
   *     {@code --auto-approve} goes on
   * @param verb what is confirmed: "apply", "destroy"
   * @throws Refused with JSON output or no terminal to ask on, or any other answer
   */
  static void confirm(Environment environment, boolean json, boolean autoApprove, String verb, String question) {
    confirm(environment, autoApprove, question,
        json ? "Cannot " + verb + " with --json without --auto-approve: JSON output shows no plan to review before "
            + "the question. Review the plan without --json, then pass --auto-approve to " + verb
            + " it; nothing was changed" : null,
        "Cannot " + verb + " without confirmation: there is no terminal to ask on. "
            + "Review the plan and pass --auto-approve to " + verb + " it; nothing was changed",
        Character.toUpperCase(verb.charAt(0)) + verb.substring(1)
            + " cancelled: the answer was not 'yes'. Nothing was changed");
  }

  /**
   * Asks on the terminal and returns when the answer is {@code yes}; the refusals are the
   * caller's, for a command whose verb the sentences above do not fit.
   *
   * @param withJson the refusal when the command's output is JSON, which shows nothing to review
   *     before the question, so that only {@code --auto-approve} goes on; null when it is not JSON
   * @param withoutTerminal the refusal when there is no terminal to ask on
   * @param cancelled the refusal when the answer is not yes
   */
  static void confirm(Environment environment, boolean autoApprove, String question, String withJson,
      String withoutTerminal, String cancelled) {
    if (autoApprove) {
      return;
    }
    if (withJson != null) {
      throw new Refused(withJson);
    }
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
