package dev.lakehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs small test classes through the JUnit engine and checks what {@link EmulatorTest} made of them. */
class EmulatorTestIT {

    @Test
    void runsEachTestAgainstAResetMotoAndSkipsLocalStackWithoutDocker() {
        assumeFalse(LocalStackEmulator.isDockerAvailable(), "a Docker engine runs here, so LocalStack is not skipped");

        Events tests = run(TwoTestsThatEachNeedAnEmptyAccount.class);

        tests.assertStatistics(stats -> stats.started(4).succeeded(2).aborted(2).failed(0));
        tests.assertThatEvents()
                .haveExactly(2, event(displayName("[moto]"), finishedSuccessfully()))
                .haveExactly(2, event(displayName("[localstack]"), abortedWithReason(message("no Docker engine"))));
    }

    @Test
    void abortsTheLocalStackRunOfAMotoOnlyTestWithItsReason() {
        Events tests = run(MotoOnly.class);

        tests.assertStatistics(stats -> stats.started(2).succeeded(1).aborted(1).failed(0));
        tests.assertThatEvents().haveExactly(1, event(displayName("[localstack]"),
                abortedWithReason(message("moto only: reads the AWS managed policies moto loads"))));
    }

    @Test
    void failsAMotoOnlyTestThatDoesNotSayWhy() {
        Events containers = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(MotoOnlyWithoutReason.class)).execute().containerEvents();

        containers.assertThatEvents().haveExactly(1, event(finishedWithFailure(message(
                "@EmulatorTest(motoOnly = true) on MotoOnlyWithoutReason.noReason must say why in reason"))));
    }

    @Test
    void failsTheMotoRunWithAnInstallHintWhenMotoIsMissing() {
        String previous = System.getProperty(MotoServer.COMMAND_PROPERTY);
        System.setProperty(MotoServer.COMMAND_PROPERTY, "/nonexistent/moto_server");
        try {
            Events tests = run(MotoOnly.class);

            tests.assertThatEvents().haveExactly(1, event(displayName("[moto]"), finishedWithFailure(message(
                    text -> text.startsWith("moto is not installed: ") && text.endsWith("pip install \"moto[server]\"")))));
        } finally {
            MotoServerIT.restore(previous);
        }
    }

    @Test
    void runsEmulatorTestsOneAtATimeWhenJUnitRunsTestsInParallel() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .selectors(selectClass(ConcurrencyProbe.class))
                .execute().testEvents();

        tests.assertStatistics(stats -> stats.succeeded(3).failed(0));
        assertThat(ConcurrencyProbe.mostAtOnce.get()).isEqualTo(1);
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    static class TwoTestsThatEachNeedAnEmptyAccount {

        @EmulatorTest
        void first(Emulator emulator) {
            assertEmptyThenLeaveABucket(emulator);
        }

        @EmulatorTest
        void second(Emulator emulator) {
            assertEmptyThenLeaveABucket(emulator);
        }

        private static void assertEmptyThenLeaveABucket(Emulator emulator) {
            assertThat(emulator.name()).isEqualTo("moto");
            try (TestClients aws = TestClients.of(emulator)) {
                assertThat(aws.s3().listBuckets().buckets()).isEmpty();
                aws.s3().createBucket(bucket -> bucket.bucket("left-behind"));
            }
        }
    }

    static class MotoOnly {

        @EmulatorTest(motoOnly = true, reason = "reads the AWS managed policies moto loads")
        void readsAManagedPolicy(Emulator emulator) {
            try (TestClients aws = TestClients.of(emulator)) {
                assertThat(aws.iam().getPolicy(policy -> policy.policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"))
                        .policy().policyName()).isEqualTo("ReadOnlyAccess");
            }
        }
    }

    static class ConcurrencyProbe {

        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger mostAtOnce = new AtomicInteger();

        @EmulatorTest(motoOnly = true, reason = "counts concurrent runs only")
        void first(Emulator emulator) throws InterruptedException {
            holdTheEmulator();
        }

        @EmulatorTest(motoOnly = true, reason = "counts concurrent runs only")
        void second(Emulator emulator) throws InterruptedException {
            holdTheEmulator();
        }

        @EmulatorTest(motoOnly = true, reason = "counts concurrent runs only")
        void third(Emulator emulator) throws InterruptedException {
            holdTheEmulator();
        }

        private static void holdTheEmulator() throws InterruptedException {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(200);
            running.decrementAndGet();
        }
    }

    static class MotoOnlyWithoutReason {

        @EmulatorTest(motoOnly = true)
        void noReason(Emulator emulator) {
            assertThat(emulator).isNotNull();
        }
    }
}
