package dev.lakehouse.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs a test method once against moto and once against LocalStack, each time on an emulator reset
 * to an empty account. The method receives the {@link Emulator} as a parameter:
 *
 * <pre>{@code
 * @EmulatorTest
 * void createsTheBucket(Emulator emulator) { ... }
 * }</pre>
 *
 * <p>The invocations are named {@code [moto]} and {@code [localstack]}. Both share one server per
 * JVM ({@link MotoServer#shared()}, {@link LocalStackEmulator#shared()}). Where no Docker engine runs,
 * the LocalStack invocation is aborted with the reason {@code no Docker engine} and so reported as
 * skipped, never failed. Where moto is not installed, the moto invocation fails and says how to
 * install it.
 *
 * <p>Because every test resets the shared emulators, JUnit runs {@code @EmulatorTest} methods one at
 * a time even where parallel execution is on (they hold the resource lock {@value #EMULATORS}).
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(EmulatorExtension.class)
@ResourceLock(EmulatorTest.EMULATORS)
public @interface EmulatorTest {

    /** The JUnit resource lock that keeps tests on the shared emulators from running concurrently. */
    String EMULATORS = "dev.lakehouse.testkit.emulators";

    /**
     * Runs the test against moto only, for behaviour LocalStack does not share with moto. The
     * LocalStack invocation is then aborted with {@link #reason()}, which must be given.
     */
    boolean motoOnly() default false;

    /** Why the test runs against moto only; required when {@link #motoOnly()} is set. */
    String reason() default "";
}
