package dev.visiongateway.answers;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;

/**
 * Answers in this replica's heap, bounded by their bytes ({@code gateway.answer-cache.max-bytes}): the least
 * recently used go first. Caffeine directly, since Quarkus Cache bounds a cache by entries, not by bytes.
 */
@ApplicationScoped
class MemoryAnswers implements AnswerStore {

    /** A stored answer's bytes beyond its JSON: the key, the entry, the string headers. */
    private static final int OVERHEAD = 200;

    private final Cache<String, StoredAnswer> answers;

    MemoryAnswers(AnswerCacheConfig config) {
        this.answers = Caffeine.newBuilder()
                .maximumWeight(config.maxBytes().asLongValue())
                .<String, StoredAnswer> weigher((key, answer) -> key.length() + answer.json().length() + OVERHEAD)
                .expireAfterWrite(config.ttl())
                .build();
    }

    @Override
    public Uni<StoredAnswer> find(String key) {
        return Uni.createFrom().item(answers.getIfPresent(key));
    }

    @Override
    public Uni<Void> keep(String key, StoredAnswer answer) {
        answers.put(key, answer);
        return Uni.createFrom().voidItem();
    }
}
