package dev.lakehouse.cli;

import dev.lakehouse.aws.AwsClients;
import java.io.FileOutputStream;
import java.io.IOException;
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
    try {
      run(args);
    } catch (LinkageError | InternalError e) {
      e.printStackTrace();
      remakeCache(System.getProperty(LauncherCache.FILE), Boolean.getBoolean(LauncherCache.RECORDING));
      System.exit(1);
    }
  }

  /**
   * After a run on the launcher's cache of classes failed in the JVM's loading or linking of a
   * class: a damaged cache (a disk error, a bad copy) may fail every run this way, not only with a
   * crash, so the cache is marked stale and the launcher makes it again on the next run. Only the
   * JDK's own classes are used here: the damage may be in any of the tool's.
   */
  static void remakeCache(String cache, boolean recording) {
    if (cache == null || cache.isEmpty() || recording) {
      return;
    }
    String then = "the next run makes it again";
    try {
      new FileOutputStream(cache + ".stale").close();
    } catch (IOException | RuntimeException e) {
      then = "delete it, and " + then;
    }
    System.err.println("lakehouse: this run failed on the cache of classes " + cache + ", which may be damaged; "
        + then);
  }

  private static void run(String[] args) {
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
