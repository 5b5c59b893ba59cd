package dev.visiongateway.access;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.vision.StreamEvent;
import dev.visiongateway.vision.Usage;
import dev.visiongateway.vision.VisionAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;

/**
 * What each client key spends (docs/ARCHITECTURE.md rule 17): {@code gateway_tokens_total{kind, model, operation,
 * key}} and {@code gateway_images_total{model, operation, key}} for Prometheus. Every tag comes from a bounded set:
 * models only when the catalog lists them ({@code unlisted} otherwise), keys by their configured names
 * ({@code none} without client keys).
 */
@ApplicationScoped
public class UsageMeter {

    static final String NO_KEY = "none";
    private static final String CHAT = "chat";

    private final MeterRegistry registry;
    private final ModelCatalog catalog;
    private final ObjectMapper json;

    UsageMeter(MeterRegistry registry, ModelCatalog catalog, ObjectMapper json) {
        this.registry = registry;
        this.catalog = catalog;
        this.json = json;
    }

    /**
     * An operation's stream, counted as it goes: the images when {@code meta} names the model that answers (a
     * fallback may have taken over from {@code model}, rule 19), the tokens at {@code done}.
     */
    public Multi<StreamEvent> streamed(String operation, String model, Charge charge, Multi<StreamEvent> events) {
        AtomicReference<String> answering = new AtomicReference<>(model);
        return events.invoke(event -> {
            if (event.data() instanceof StreamEvent.Meta meta) {
                answering.set(meta.model());
                images(operation, meta.model(), charge.spender(), meta.images().size());
            } else if (event.data() instanceof StreamEvent.Done done) {
                tokens(operation, answering.get(), charge.spender(), done.usage());
            }
        });
    }

    /**
     * A chat completion's chunks, counted as they go: its {@code images} once the router answers (they went to the
     * model), the tokens from the last chunk when the client asked for usage ({@code stream_options.include_usage}).
     * {@code answering} is asked at each chunk: a fallback model may take over after the stream is built (rule 19).
     */
    public Multi<String> chatStreamed(Supplier<String> answering, int images, Charge charge, Multi<String> chunks) {
        AtomicBoolean first = new AtomicBoolean(true);
        return chunks.invoke(chunk -> {
            if (first.getAndSet(false)) {
                images(CHAT, answering.get(), charge.spender(), images);
            }
            // the chunks are ObjectNode.toString(), so compact JSON
            if (chunk.contains("\"usage\":{")) {
                tokens(CHAT, answering.get(), charge.spender(), usageOf(chunk));
            }
        });
    }

    /** A whole chat completion: its images and the tokens in its {@code usage}. */
    public void chatAnswered(String model, int images, Charge charge, JsonNode answer) {
        images(CHAT, model, charge.spender(), images);
        tokens(CHAT, model, charge.spender(), answer.get("usage"));
    }

    private JsonNode usageOf(String chunk) {
        try {
            return json.readTree(chunk).get("usage");
        } catch (JsonProcessingException e) {
            // the router's chunks were parsed once already (upstream.RouterStream): this cannot happen
            return null;
        }
    }

    /** An operation's whole answer: its images and the tokens the model counted. */
    public void answered(String operation, Charge charge, VisionAnswer answer) {
        images(operation, answer.model(), charge.spender(), answer.images().size());
        tokens(operation, answer.model(), charge.spender(), answer.usage());
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
                    ? usage.path("prompt_tokens").asInt()
                    : null);
            tokens(operation, model, key, "completion", usage.path("completion_tokens").isNumber()
                    ? usage.path("completion_tokens").asInt()
                    : null);
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
