package dev.visiongateway.openai;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.vision.Usage;

/** The part of the router's chat completion the gateway reads; other fields are ignored. */
public record ChatCompletion(String id, String model, List<Choice> choices, Usage usage) {

    public record Choice(Integer index, Message message, String finishReason) {
    }

    /** {@code content} is a string for most providers, an array of text parts for some. */
    public record Message(String role, JsonNode content) {
    }

    /** The text of the first choice, whichever shape its content has. */
    public String text() {
        if (choices == null || choices.isEmpty() || choices.get(0).message() == null) {
            return "";
        }
        return ContentText.of(choices.get(0).message().content());
    }

    public String finishReason() {
        return choices == null || choices.isEmpty() ? null : choices.get(0).finishReason();
    }
}
