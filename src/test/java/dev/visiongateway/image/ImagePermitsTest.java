package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.visiongateway.problem.GatewayProblem;

/** Decodes beyond the permit count wait briefly, then get 503 with Retry-After instead of exhausting the heap. */
class ImagePermitsTest {

    @Test
    void excessWorkIsRefusedWith503WhileThePermitsAreTaken() throws Exception {
        ImagePermits permits = new ImagePermits(new TestImageLimits(20_000_000, 1, Duration.ofMillis(50)));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> permits.run(() -> {
            holding.countDown();
            await(release);
            return "done";
        }));
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> permits.run(() -> "never"))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(503);
                    assertThat(problem.code().id()).isEqualTo("images_busy");
                    assertThat(problem.retryAfter()).isPresent();
                });

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(permits.run(() -> "again")).isEqualTo("again");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
