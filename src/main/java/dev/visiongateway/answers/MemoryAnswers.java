package dev.visiongateway.answers;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Answers in this replica's heap, bounded by their bytes ({@code gateway.answer-cache.max-bytes}): the least
 * recently used go first. Caffeine directly, since Quarkus Cache bounds a cache by entries, not by bytes.
 */
@ApplicationScoped
// Caffeine picks the class of a cache by its features; Quarkus registers those of its own caches, not this one's
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.SSMWW", fields = true)
class MemoryAnswers implements AnswerStore {

    /** A stored answer's bytes beyond its text: the key, the entry, the string headers. */
    private static final int OVERHEAD = 200;

    private final Cache<String, String> answers;

    MemoryAnswers(AnswerCacheConfig config) {
        this.answers = Caffeine.newBuilder()
                .maximumWeight(config.maxBytes().asLongValue())
                // two bytes a character: text outside Latin-1 takes as much in the heap
                .<String, String> weigher((key, text) -> key.length() + 2 * text.length() + OVERHEAD)
                .expireAfterWrite(config.ttl())
                .build();
    }

    @Override
    public Uni<String> find(String key) {
        return Uni.createFrom().item(answers.getIfPresent(key));
    }

    @Override
    public Uni<Void> keep(String key, String text) {
        answers.put(key, text);
        return Uni.createFrom().voidItem();
    }
}
