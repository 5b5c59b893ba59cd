package dev.visiongateway.openai;

import java.util.List;

import dev.visiongateway.vision.Usage;

/** One {@code chat.completion.chunk} of the router's stream; other fields are ignored. */
public record ChatChunk(String id, String model, List<Choice> choices, Usage usage) {

    public record Choice(Integer index, Delta delta, String finishReason) {
    }

    public record Delta(String role, com.fasterxml.jackson.databind.JsonNode content) {
    }

    public String text() {
        if (choices == null || choices.isEmpty() || choices.get(0).delta() == null) {
            return "";
        }
        return ContentText.of(choices.get(0).delta().content());
    }

    public String finishReason() {
        return choices == null || choices.isEmpty() ? null : choices.get(0).finishReason();
    }
}
