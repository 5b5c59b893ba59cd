package dev.visiongateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.visiongateway.problem.ErrorCode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/**
 * A model's breaker leaves OPEN only when a call goes through it after its delay, and streams never go through it:
 * once the delay has passed, streams of the model may try again (docs/ARCHITECTURE.md rule 19), or a model whose
 * traffic is all streamed would stay refused for good.
 */
@QuarkusTest
@TestProfile(BreakerDelayTest.ShortDelay.class)
class BreakerDelayTest {

    public static class ShortDelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.breaker.enabled", "true", "gateway.breaker.request-volume-threshold", "2",
                    "gateway.breaker.failure-ratio", "0.5", "gateway.breaker.delay", "300ms");
        }
    }

    @Inject
    ModelBreakers breakers;

    @Test
    void streamsMayTryAgainOnceTheDelayHasPassed() {
        for (int i = 0; i < 2; i++) {
            breakers.guarded("test/failing", () -> Uni.createFrom().failure(
                    new RouterOutage(ErrorCode.UPSTREAM_ERROR, "The router failed (HTTP 500).", null)))
                    .onFailure().recoverWithNull().await().indefinitely();
        }
        assertThat(breakers.open("test/failing")).isTrue();
        assertThat(breakers.open("test/other")).isFalse();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !breakers.open("test/failing"));
    }
}
