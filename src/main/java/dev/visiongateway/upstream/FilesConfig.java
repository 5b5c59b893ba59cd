package dev.visiongateway.upstream;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The router's OpenAI-compatible Files API, where the gateway uploads images that are large, reused, or do not fit
 * the router's JSON body limit.
 */
@ConfigMapping(prefix = "gateway.files")
public interface FilesConfig {

    /** Path of the router's upload endpoint ({@code POST}, multipart {@code file} and {@code purpose}). */
    @WithDefault("/v1/files")
    String path();

    /** The {@code purpose} the gateway uploads with, and the default of {@code POST /v1/files}. */
    @WithDefault("vision")
    String purpose();

    /**
     * Images whose normalized bytes are at least this many are sent as a file id: uploaded once, then reused by
     * their SHA-256 for {@link #ttl()}. Smaller images are sent inline unless the body would exceed the router's
     * limit or the client asks ({@code "reuse": true}).
     */
    @WithDefault("262144")
    long reuseAboveBytes();

    /**
     * How long a SHA-256 keeps mapping to the file id the router gave it (the {@code router-files} cache); keep it
     * below the router's own file lifetime. A file the router forgot sooner is uploaded again once.
     */
    @WithDefault("1h")
    Duration ttl();

    /**
     * Where the SHA-256 to file id map lives: {@code memory}, each replica its own, or {@code redis}, one map for
     * every replica through the Redis at {@code GATEWAY_REDIS_URL}, so that an image uploaded through one pod is
     * reused by all. While Redis cannot be reached, images are uploaded without the map (never a failed request).
     */
    @WithDefault("memory")
    FileIdCache cache();

    enum FileIdCache {
        MEMORY,
        REDIS
    }
}
