package dev.visiongateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.cache.CacheManager;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.cache.redis.runtime.RedisCache;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Only the shared file-id cache lives in Redis: the catalog and the in-memory file-id cache must work with no Redis
 * at all (gateway.files.cache=memory, the default), although the Redis backend is on the class path.
 */
@QuarkusTest
class CacheBackendsTest {

    @Inject
    CacheManager caches;

    @Test
    void onlyTheSharedFileIdCacheIsInRedis() {
        assertThat(caches.getCache("model-catalog").orElseThrow()).isInstanceOf(CaffeineCache.class);
        assertThat(caches.getCache(RouterFiles.CACHE).orElseThrow()).isInstanceOf(CaffeineCache.class);
        assertThat(caches.getCache(RouterFiles.SHARED_CACHE).orElseThrow()).isInstanceOf(RedisCache.class);
    }
}
