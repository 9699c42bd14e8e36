package dev.lakehouse.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.lakehouse.aws.EndpointUrls;

/**
 * Logback's configuration, in code rather than in a logback.xml, which would cost an XML parser
 * and Logback's configuration interpreter at every start of a short-lived command: logs go to
 * stderr only (stdout carries results and JSON), warnings and worse unless {@link Logging} says
 * otherwise, and without the user-info of any endpoint URL a line quotes. Logback finds it
 * through {@code META-INF/services}.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(new RedactingLayout(context));
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** A line per event, its message and stack trace included, with endpoint URLs as {@link EndpointUrls} shows them. */
  static final class RedactingLayout extends LayoutBase<ILoggingEvent> {
    private final PatternLayout pattern = new PatternLayout();

    RedactingLayout(LoggerContext context) {
      setContext(context);
      pattern.setContext(context);
      pattern.setPattern("%level %logger{0}: %msg%n");
      pattern.start();
      start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
      return EndpointUrls.redact(pattern.doLayout(event));
    }
  }
}
