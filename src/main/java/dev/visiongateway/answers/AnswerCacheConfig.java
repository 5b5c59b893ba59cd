package dev.visiongateway.answers;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The answer cache: the same question about the same images answered once. */
@ConfigMapping(prefix = "gateway.answer-cache")
public interface AnswerCacheConfig {

    /** Whether complete answers are kept and given again for the same question about the same images. */
    @WithDefault("false")
    boolean enabled();

    /** How long a stored answer is given again. */
    @WithDefault("24h")
    Duration ttl();

    /**
     * Where answers are kept: {@code memory}, each replica its own, at most {@link #maxBytes()}; or {@code redis},
     * shared by every replica through the Redis at {@code GATEWAY_REDIS_URL}. While Redis does not answer, requests
     * are served without the cache.
     */
    @WithDefault("memory")
    Store store();

    /** The memory store's bound: the stored answers' bytes together, a share of the 192 MB heap. */
    @WithDefault("32M")
    MemorySize maxBytes();

    /** The largest answer stored, as JSON; a longer one is answered and not stored. */
    @WithDefault("64K")
    MemorySize maxAnswerBytes();

    /**
     * With client keys on, whether an answer stored for one key is given to another. Off by default: a hit would
     * tell one client what another asked about.
     */
    @WithDefault("false")
    boolean sharedAcrossKeys();

    enum Store {
        MEMORY,
        REDIS
    }
}
