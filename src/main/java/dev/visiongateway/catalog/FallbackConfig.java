package dev.visiongateway.catalog;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Which models answer when the chosen one fails before anything reached the client.
 * Nothing is configured by default: a failure goes back to the client as before.
 */
@ConfigMapping(prefix = "gateway.models")
public interface FallbackConfig {

    /** The fallback list of each operation. */
    Operations fallbacks();

    /**
     * The chains of {@code /v1/chat/completions}, one per requested model: {@code model>next>next}, e.g.
     * {@code openai/gpt-4o>google/gemini-2.5-flash>openai/gpt-4.1-mini}. A chain rather than a map keyed by model id:
     * model ids hold {@code /} and {@code .}, which an environment variable name (how the pods are configured)
     * cannot carry.
     */
    Optional<List<String>> chatFallbacks();

    /** Models tried in this order, after the chosen one, for {@code gateway.models.fallbacks.<operation>}. */
    interface Operations {

        Optional<List<String>> describe();

        Optional<List<String>> compare();

        Optional<List<String>> ocr();
    }
}
