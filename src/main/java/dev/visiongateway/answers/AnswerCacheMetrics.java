package dev.visiongateway.answers;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code gateway_answer_cache_total{result=hit|miss|stored|skipped}} and the tokens hits saved,
 * {@code gateway_answer_cache_saved_tokens_total{operation}}: tags from fixed sets only.
 */
@ApplicationScoped
class AnswerCacheMetrics {

    private final MeterRegistry registry;

    AnswerCacheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String result) {
        Counter.builder("gateway_answer_cache").description("Answer cache lookups and stores, by result")
                .tag("result", result).register(registry).increment();
    }

    /** A hit for {@code operation} (describe, compare, ocr or chat) that saved {@code tokens} of the model's. */
    void hit(String operation, Integer tokens) {
        count("hit");
        if (tokens != null && tokens > 0) {
            Counter.builder("gateway_answer_cache_saved_tokens").description("Tokens the answer cache's hits saved")
                    .tag("operation", operation).register(registry).increment(tokens);
        }
    }
}
