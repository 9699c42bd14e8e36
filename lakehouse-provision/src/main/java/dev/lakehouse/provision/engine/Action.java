package dev.lakehouse.provision.engine;

/** What a plan does to one resource, with the plan notation of each. */
public enum Action {
  NO_OP(" ", "no-op"),
  CREATE("+", "create"),
  UPDATE("~", "update"),
  REPLACE("-/+", "replace"),
  DELETE("-", "delete"),
  /** Take over a resource that exists without the stack's ownership tags, and bring it to the config. */
  ADOPT("<=", "adopt");

  private final String symbol;
  private final String word;

  Action(String symbol, String word) {
    this.symbol = symbol;
    this.word = word;
  }

  public String symbol() {
    return symbol;
  }

  /** The word used in {@code plan --json}. */
  public String word() {
    return word;
  }
}
