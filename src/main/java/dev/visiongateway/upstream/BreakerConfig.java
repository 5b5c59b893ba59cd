package dev.visiongateway.upstream;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The circuit breaker of each model's chat calls: one per model, so one model's
 * outage leaves the others callable.
 */
@ConfigMapping(prefix = "gateway.breaker")
public interface BreakerConfig {

    /** Off: every chat call goes to the router, however often a model failed (the test profile turns it off). */
    @WithDefault("true")
    boolean enabled();

    /** Calls of one model in the rolling window the failure ratio is measured over. */
    @WithDefault("10")
    int requestVolumeThreshold();

    /** Share of failed calls (router 5xx, timeouts) in the window that opens the model's breaker. */
    @WithDefault("0.6")
    double failureRatio();

    /** How long an open breaker refuses calls before it lets trial calls through. */
    @WithDefault("10s")
    Duration delay();

    /** Trial calls that must succeed to close a half-open breaker. */
    @WithDefault("2")
    int successThreshold();

    /**
     * Breakers kept at most, the least recently used dropped first: models are checked against the catalog before
     * a call, but an unreadable catalog lets any name through, so the map must not grow with what clients type.
     */
    @WithDefault("256")
    int maxModels();
}
