package dev.lakehouse.cli;

import dev.lakehouse.aws.AwsClients;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code lakehouse} command. */
public final class Main {
  private Main() {}

  /**
   * Idle connections kept per AWS endpoint. The JDK keeps five; reads run side by side (up to
   * --parallelism resources, each with its attributes at once), and every connection closed for
   * want of room costs a new TLS handshake on the next call.
   */
  static final String KEPT_CONNECTIONS = "64";

  public static void main(String[] args) {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", KEPT_CONNECTIONS);
    }
    if (CommandLineFactory.callsAws(args)) {
      AwsClients.startEarly();
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = CommandLineFactory.forArguments(Environment.system(), out, err, args).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
