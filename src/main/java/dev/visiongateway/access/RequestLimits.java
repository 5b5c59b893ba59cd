package dev.visiongateway.access;

import java.time.Duration;
import java.util.OptionalLong;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What a request body may cost before any work starts: the largest JSON body, how many bodies the heap and the
 * uploads directory hold at once, and how long a client may take to send one. Forms have their own size limits
 * ({@code gateway.uploads.*}).
 */
@ConfigMapping(prefix = "gateway.requests")
public interface RequestLimits {

    /**
     * Largest JSON body; past it {@code 413 request_too_large}. 20 MB is the router's own JSON body limit, and a
     * size of which the pod's 192 MB heap holds a few at once. At most {@code gateway.uploads.max-request-bytes},
     * which is also Quarkus's limit for every body.
     */
    @WithDefault("20M")
    MemorySize maxJsonBytes();

    /**
     * JSON body bytes being received and parsed at once, over all requests; past it a request gets 503
     * {@code requests_busy} with Retry-After. Unset: an eighth of the maximum heap (24 MB at -Xmx192m), since a
     * JSON body costs about four times its size while parsed (received buffer, parsed text, decoded image, copy).
     * Multipart uploads are spooled to disk and not counted.
     */
    OptionalLong inFlightBodyBytes();

    /**
     * Multipart upload bytes spooled to disk at once, over all requests; past it a request gets 503
     * {@code requests_busy}. A form sent without a length (chunked) counts as the largest form,
     * {@code gateway.uploads.max-request-bytes}. Half of the pod's 1 GiB {@code /tmp}, which also holds the offline
     * engine's files: some thirteen forms of six phone photos, or four chunked forms, at once.
     */
    @WithDefault("512M")
    MemorySize inFlightUploadBytes();

    /** Longest time a client may take to send its whole body; then 408 and the connection is closed. */
    @WithDefault("60s")
    Duration bodyTimeout();

    default long inFlightBodyBytesOrDefault() {
        return inFlightBodyBytes().orElse(Runtime.getRuntime().maxMemory() / 8);
    }
}
