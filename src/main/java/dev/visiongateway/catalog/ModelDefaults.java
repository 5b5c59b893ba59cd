package dev.visiongateway.catalog;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which model serves an operation when the request names none (preference lists, resolved against the catalog by
 * {@link ModelCatalog#defaultFor}), and which models take {@code detail}.
 */
@ConfigMapping(prefix = "gateway.models")
public interface ModelDefaults {

    /** Models for {@code POST /v1/describe} when the request names none, the first the catalog offers. */
    @WithDefault("google/gemini-2.5-flash,openai/gpt-4.1-mini,openai/gpt-4o")
    List<String> describe();

    /** Models for {@code POST /v1/compare} when the request names none, the first the catalog offers. */
    @WithDefault("google/gemini-2.5-flash,openai/gpt-4.1-mini,openai/gpt-4o")
    List<String> compare();

    /** Models for {@code POST /v1/ocr} when the request names none, the first the catalog offers. */
    @WithDefault("openai/gpt-4.1-mini,google/gemini-2.5-flash,openai/gpt-4o")
    List<String> ocr();

    /**
     * Prefixes of the model ids that accept the {@code detail} hint, matched with and without the
     * {@code provider/} part: the router documents {@code detail} for OpenAI models only.
     */
    @WithDefault("openai/,gpt-,chatgpt-,o1,o3,o4")
    List<String> detailPrefixes();

    /** The preference list of an operation ({@code describe}, {@code compare} or {@code ocr}). */
    default List<String> preferences(String operation) {
        return switch (operation) {
            case "describe" -> describe();
            case "compare" -> compare();
            case "ocr" -> ocr();
            default -> throw new IllegalArgumentException("no operation " + operation);
        };
    }

    default boolean takesDetail(String model) {
        String bare = model.substring(model.indexOf('/') + 1);
        return detailPrefixes().stream().anyMatch(prefix -> model.startsWith(prefix) || bare.startsWith(prefix));
    }
}
