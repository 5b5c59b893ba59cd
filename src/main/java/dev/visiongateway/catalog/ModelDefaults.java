package dev.visiongateway.catalog;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which model serves an operation when the request names none, and which models take {@code detail}. */
@ConfigMapping(prefix = "gateway.models")
public interface ModelDefaults {

    /** Model for {@code POST /v1/describe} when the request names none. */
    @WithDefault("google/gemini-2.5-flash")
    String describe();

    /** Model for {@code POST /v1/compare} when the request names none. */
    @WithDefault("google/gemini-2.5-flash")
    String compare();

    /** Model for {@code POST /v1/ocr} when the request names none. */
    @WithDefault("openai/gpt-4.1-mini")
    String ocr();

    /**
     * Prefixes of the model ids that accept the {@code detail} hint, matched with and without the
     * {@code provider/} part: the router documents {@code detail} for OpenAI models only.
     */
    @WithDefault("openai/,gpt-,chatgpt-,o1,o3,o4")
    List<String> detailPrefixes();

    default boolean takesDetail(String model) {
        String bare = model.substring(model.indexOf('/') + 1);
        return detailPrefixes().stream().anyMatch(prefix -> model.startsWith(prefix) || bare.startsWith(prefix));
    }
}
