package dev.visiongateway.access;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What one client key may spend (with {@code gateway.auth.mode=keys}; without keys there is no one to count):
 * defaults for every key, and overrides by key name under {@code gateway.limits.keys.<name>.*}.
 */
@ConfigMapping(prefix = "gateway.limits")
public interface RateLimitsConfig {

    /** Calls to {@code /v1} per key per minute (a fixed window that starts at each full minute). */
    @WithDefault("600")
    int requestsPerMinute();

    /** Images per key per minute, counted as requests name them (each image of a compare counts). */
    @WithDefault("600")
    int imagesPerMinute();

    /** Streamed answers one key may have open at once. */
    @WithDefault("16")
    int concurrentStreams();

    /**
     * Count in Redis ({@code GATEWAY_REDIS_URL}), so that every replica enforces one budget per key; {@code false}
     * counts in each replica's memory. While Redis cannot be reached, each replica counts on its own (readiness
     * details and a log line say so).
     */
    @WithDefault("false")
    boolean redis();

    /**
     * With {@link #redis()}: how long a stream counts as open at most. A replica that dies holding streams frees
     * their slots after it; keep it at least the longest stream (the Knative timeout is 600 s).
     */
    @WithDefault("10m")
    Duration streamLease();

    /** Overrides by key name; unset values take the defaults above. */
    Map<String, KeyOverride> keys();

    interface KeyOverride {

        OptionalInt requestsPerMinute();

        OptionalInt imagesPerMinute();

        OptionalInt concurrentStreams();
    }

    default int requestsPerMinute(String key) {
        KeyOverride override = keys().get(key);
        return override == null ? requestsPerMinute() : override.requestsPerMinute().orElse(requestsPerMinute());
    }

    default int imagesPerMinute(String key) {
        KeyOverride override = keys().get(key);
        return override == null ? imagesPerMinute() : override.imagesPerMinute().orElse(imagesPerMinute());
    }

    default int concurrentStreams(String key) {
        KeyOverride override = keys().get(key);
        return override == null ? concurrentStreams() : override.concurrentStreams().orElse(concurrentStreams());
    }
}
