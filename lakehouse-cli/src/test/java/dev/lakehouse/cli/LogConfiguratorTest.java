package dev.lakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/** Log lines, the SDK's and Iceberg's included, never show the password an endpoint URL carries. */
class LogConfiguratorTest {

  @Test
  void aLogLineShowsEndpointsWithoutTheirUserInfo() {
    LoggerContext context = new LoggerContext();
    LogConfigurator.RedactingLayout layout = new LogConfigurator.RedactingLayout(context);
    LoggingEvent event = new LoggingEvent("test", context.getLogger("software.amazon.awssdk.Test"), Level.WARN,
        "Retrying http://admin:SuperSecretPw123@127.0.0.1:42139/ after {}", new IllegalStateException(
            "Connect to http://admin:SuperSecretPw123@127.0.0.1:42139 failed"), new Object[] {"5 s"});

    String line = layout.doLayout(event);

    assertThat(line).startsWith("WARN Test: Retrying http://***@127.0.0.1:42139/ after 5 s\n")
        .contains("java.lang.IllegalStateException: Connect to http://***@127.0.0.1:42139 failed")
        .doesNotContain("SuperSecretPw123");
  }
}
