package dev.visiongateway.api;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.vision.StreamEvent;
import dev.visiongateway.vision.Usage;
import dev.visiongateway.vision.VisionAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What each client key spends (docs/ARCHITECTURE.md rule 17): {@code gateway_tokens_total{kind, model, operation,
 * key}} and {@code gateway_images_total{model, operation, key}} for Prometheus. Every tag comes from a bounded set:
 * models only when the catalog lists them ({@code unlisted} otherwise), keys by their configured names
 * ({@code none} without client keys).
 */
@ApplicationScoped
public class UsageMeter {

    static final String NO_KEY = "none";

    private final MeterRegistry registry;
    private final ModelCatalog catalog;

    UsageMeter(MeterRegistry registry, ModelCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    /** An operation's whole answer: its images and the tokens the model counted. */
    void answered(String operation, String key, VisionAnswer answer) {
        images(operation, answer.model(), key, answer.images().size());
        tokens(operation, answer.model(), key, answer.usage());
    }

    /** A streamed operation's events: the images when {@code meta} names the model, the tokens at {@code done}. */
    void streamed(String operation, String model, String key, StreamEvent event) {
        if (event.data() instanceof StreamEvent.Meta meta) {
            images(operation, model, key, meta.images().size());
        } else if (event.data() instanceof StreamEvent.Done done) {
            tokens(operation, model, key, done.usage());
        }
    }

    void images(String operation, String model, String key, int count) {
        if (count > 0) {
            Counter.builder("gateway.images").description("Images sent to models, by model, operation and client key")
                    .tags("model", bounded(model), "operation", operation, "key", key)
                    .register(registry).increment(count);
        }
    }

    void tokens(String operation, String model, String key, Usage usage) {
        if (usage != null) {
            tokens(operation, model, key, "prompt", usage.promptTokens());
            tokens(operation, model, key, "completion", usage.completionTokens());
        }
    }

    /** OpenAI's {@code usage} object, as the router sends it on chat completions. */
    void tokens(String operation, String model, String key, JsonNode usage) {
        if (usage != null && usage.isObject()) {
            tokens(operation, model, key, "prompt", usage.path("prompt_tokens").isNumber()
                    ? usage.path("prompt_tokens").asInt() : null);
            tokens(operation, model, key, "completion", usage.path("completion_tokens").isNumber()
                    ? usage.path("completion_tokens").asInt() : null);
        }
    }

    private void tokens(String operation, String model, String key, String kind, Integer count) {
        if (count != null && count > 0) {
            Counter.builder("gateway.tokens").description("Tokens the models counted, by kind, model, operation and"
                    + " client key").tags("kind", kind, "model", bounded(model), "operation", operation, "key", key)
                    .register(registry).increment(count);
        }
    }

    private String bounded(String model) {
        return model != null && catalog.listed(model) ? model : "unlisted";
    }
}
