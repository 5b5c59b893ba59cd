package dev.visiongateway.openai;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the text out of an OpenAI {@code content}: a plain string, or an array of {@code {type: text}} parts. */
final class ContentText {

    private ContentText() {
    }

    static String of(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.path("text").isTextual()) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }
}
