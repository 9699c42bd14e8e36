package dev.lakehouse.testkit;

import dev.lakehouse.testkit.gaps.MotoGaps;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A local AWS for trying the tool: a moto server with the gap fillers in front of it (the APIs
 * moto lacks, served as AWS documents them) and CloudWatch's CBOR protocol translated. Prints
 * {@code endpoint=<url>} once ready and runs until its standard input closes or it is stopped.
 *
 * <pre>{@code java -cp <testkit classpath> dev.lakehouse.testkit.LocalAws}</pre>
 */
public final class LocalAws {
  private LocalAws() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (!MotoServer.isInstalled()) {
      System.err.println("moto is not installed; install it with: " + MotoServer.INSTALL_HINT);
      System.exit(3);
    }
    try (MotoServer moto = MotoServer.start(); AwsProxy proxy = AwsProxy.start(moto)) {
      MotoGaps.install(proxy);
      out.println("endpoint=" + proxy.endpoint());
      InputStream in = System.in;
      while (in.read() >= 0) {
        // Runs until whoever started it closes its input.
      }
    }
  }
}
