package dev.visiongateway.answers;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Answers in Redis, shared by every replica, each expiring after {@code gateway.answer-cache.ttl}. Redis must answer
 * fast or not at all: each command waits at most 250 ms, and after repeated failures the breaker skips Redis for 5 s;
 * the request is served without the cache meanwhile ({@link StoredAnswers}).
 */
@ApplicationScoped
class RedisAnswers implements AnswerStore {

    private final ReactiveValueCommands<String, String> values;
    private final AnswerCacheConfig config;

    RedisAnswers(ReactiveRedisDataSource redis, AnswerCacheConfig config) {
        this.values = redis.value(String.class);
        this.config = config;
    }

    @Override
    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public Uni<String> find(String key) {
        return values.get(key);
    }

    @Override
    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    public Uni<Void> keep(String key, String text) {
        return values.set(key, text, new SetArgs().px(config.ttl()));
    }
}
