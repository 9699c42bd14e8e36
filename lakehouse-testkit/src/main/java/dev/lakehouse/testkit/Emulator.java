package dev.lakehouse.testkit;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A local stand-in for AWS that integration tests point the tool and {@link TestClients} at.
 *
 * <p>Every AWS service the tool uses is served on the one {@link #endpoint()}; the emulator tells
 * services apart by the SigV4 credential scope of each request. Implementations: {@link MotoServer}
 * (a child process) and {@link LocalStackEmulator} (a container, where a Docker engine runs).
 */
public interface Emulator {

    /** The single HTTP endpoint serving every service, e.g. {@code http://127.0.0.1:41234}. */
    URI endpoint();

    /** The region the emulator's resources live in: {@code us-east-1}. */
    String region();

    /** The account id the emulator puts in ARNs it returns. */
    String accountId();

    /** Fixed fake credentials the emulator accepts. */
    AwsCredentialsProvider credentials();

    /** A short lower-case name for display names and messages: {@code moto} or {@code localstack}. */
    String name();

    /** Drops every resource of every service, so the next test starts from an empty account. */
    void reset();
}
