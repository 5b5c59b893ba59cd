package dev.visiongateway.api;

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
