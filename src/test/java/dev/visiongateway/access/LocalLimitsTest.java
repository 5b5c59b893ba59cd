package dev.visiongateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.visiongateway.problem.GatewayProblem;

/** The counting itself, on a clock the test moves: windows, their reset, overrides and stream slots. */
class LocalLimitsTest {

    private static final RateLimitsConfig CONFIG = new RateLimitsConfig() {
        public int requestsPerMinute() {
            return 2;
        }

        public int imagesPerMinute() {
            return 5;
        }

        public int concurrentStreams() {
            return 1;
        }

        public boolean redis() {
            return false;
        }

        public Duration streamLease() {
            return Duration.ofMinutes(10);
        }

        public Map<String, KeyOverride> keys() {
            return Map.of("big", new KeyOverride() {
                public OptionalInt requestsPerMinute() {
                    return OptionalInt.of(10);
                }

                public OptionalInt imagesPerMinute() {
                    return OptionalInt.empty();
                }

                public OptionalInt concurrentStreams() {
                    return OptionalInt.of(3);
                }
            });
        }
    };

    private Instant now = Instant.parse("2026-11-27T12:00:45Z");
    private final LocalLimits limits = new LocalLimits(CONFIG, new Clock() {
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    });

    @Test
    void aWindowResetsAtTheNextFullMinute() {
        assertThat(limits.request("k")).isEqualTo(new RateLimits.Standing(2, 1, 15, 29_929_680));
        assertThat(limits.request("k").remaining()).isZero();
        assertThatThrownBy(() -> limits.request("k")).isInstanceOfSatisfying(GatewayProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(429);
            assertThat(problem.retryAfter()).contains(Duration.ofSeconds(15));
        });

        now = now.plusSeconds(15);
        assertThat(limits.request("k")).isEqualTo(new RateLimits.Standing(2, 1, 60, 29_929_681));
    }

    @Test
    void anOverrideRaisesOneKeysLimitOnly() {
        assertThat(limits.request("big").limit()).isEqualTo(10);
        assertThat(limits.images("big", 5).remaining()).isZero();
        assertThatThrownBy(() -> limits.images("big", 1)).isInstanceOf(GatewayProblem.class);
        assertThat(limits.request("small").limit()).isEqualTo(2);
    }

    @Test
    void aRefusedImageRequestCountsNothing() {
        limits.images("k", 4);
        assertThatThrownBy(() -> limits.images("k", 2)).isInstanceOf(GatewayProblem.class);
        assertThat(limits.images("k", 1).remaining()).isZero();
    }

    @Test
    void aRefundGoesBackToItsOwnWindowOnly() {
        RateLimits.Standing charged = limits.images("k", 5);
        limits.refundImages("k", charged.minute(), 3);
        assertThat(limits.images("k", 3).remaining()).isZero();

        RateLimits.Standing full = limits.images("k2", 5);
        now = now.plusSeconds(15);
        limits.images("k2", 5);
        limits.refundImages("k2", full.minute(), 5);
        assertThatThrownBy(() -> limits.images("k2", 1)).isInstanceOf(GatewayProblem.class);
    }

    @Test
    void streamSlotsAreGivenBackOnceWhenClosed() {
        RateLimits.StreamSlot slot = limits.openStream("k");
        assertThatThrownBy(() -> limits.openStream("k")).isInstanceOfSatisfying(GatewayProblem.class,
                problem -> assertThat(problem.code().id()).isEqualTo("rate_limited"));
        slot.close();
        slot.close();
        RateLimits.StreamSlot again = limits.openStream("k");
        assertThatThrownBy(() -> limits.openStream("k")).isInstanceOf(GatewayProblem.class);
        again.close();

        for (int i = 0; i < 3; i++) {
            limits.openStream("big");
        }
        assertThatThrownBy(() -> limits.openStream("big")).isInstanceOf(GatewayProblem.class);
    }
}
