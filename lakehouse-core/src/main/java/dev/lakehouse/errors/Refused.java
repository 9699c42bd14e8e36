package dev.lakehouse.errors;

/**
 * The tool refuses to do what was asked because it would be unsafe (lose data, touch a
 * protected environment, act without confirmation). Nothing has been changed.
 */
public final class Refused extends RuntimeException {
  public Refused(String message) {
    super(message);
  }
}
