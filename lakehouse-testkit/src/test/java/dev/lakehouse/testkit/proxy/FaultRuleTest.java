package dev.lakehouse.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultRuleTest {

    private final List<FaultRule> rules = new ArrayList<>();

    @Test
    void matchesByServiceOperationAndPredicate() {
        FaultRule rule = builder().service("glue").operation("CreateTable")
                .when(request -> request.bodyAsString().contains("orders")).throttling();

        assertThat(rule.fires(glue("CreateTable", "{\"Name\":\"orders\"}"))).isTrue();
        assertThat(rule.fires(glue("CreateTable", "{\"Name\":\"customers\"}"))).isFalse();
        assertThat(rule.fires(glue("GetTable", "{\"Name\":\"orders\"}"))).isFalse();
        assertThat(rule.fired()).isEqualTo(1);
    }

    @Test
    void firesForTheFirstMatchesOnly() {
        FaultRule rule = builder().operation("CreateTable").times(2).internalFailure();

        List<Boolean> fired = IntStream.range(0, 4).mapToObj(i -> rule.fires(glue("CreateTable", "{}"))).toList();

        assertThat(fired).containsExactly(true, true, false, false);
    }

    @Test
    void firesWithAProbabilityThatRepeatsForTheSameSeed() {
        List<Boolean> first = draws(builder().probability(0.5, 42).resetConnection());
        List<Boolean> second = draws(builder().probability(0.5, 42).resetConnection());

        assertThat(first).isEqualTo(second);
        assertThat(first).contains(true, false);
    }

    @Test
    void removesItselfFromItsProxy() {
        FaultRule rule = builder().throttling();

        rule.remove();

        assertThat(rules).isEmpty();
    }

    @Test
    void rejectsLimitsThatMakeNoSense() {
        assertThatThrownBy(() -> builder().times(0))
                .hasMessage("Number of times must be at least 1, cannot be: 0");
        assertThatThrownBy(() -> builder().probability(1.5, 1))
                .hasMessage("Probability must be in (0, 1], cannot be: 1.5");
        assertThatThrownBy(() -> builder().latency(Duration.ZERO))
                .hasMessage("Latency must be positive, cannot be: PT0S");
    }

    private FaultRule.Builder builder() {
        return new FaultRule.Builder(rules::add, rules::remove);
    }

    private static List<Boolean> draws(FaultRule rule) {
        return IntStream.range(0, 32).mapToObj(i -> rule.fires(glue("GetTable", "{}"))).toList();
    }

    private static ProxiedRequest glue(String operation, String body) {
        return ProxiedRequest.classify(new HttpWire.Request("POST", "/", Headers.of(
                "Authorization", "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/glue/aws4_request, Signature=s",
                "X-Amz-Target", "AWSGlue." + operation), body.getBytes(StandardCharsets.UTF_8)));
    }
}
