package dev.visiongateway.vision;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The OpenAI-compatible chat request the gateway builds for a backend. {@code task} says what the gateway was
 * asked, for backends that act on it rather than on the prompt (the local engine); it never goes on the wire.
 */
public record ChatRequest(String model, List<ChatMessage> messages, Integer maxTokens, Boolean stream,
        @JsonIgnore Task task) {

    /** The operation behind a request, with its OCR format and language hint. */
    public record Task(Operation operation, OcrFormat format, String language) {
    }

    public ChatRequest streaming() {
        return new ChatRequest(model, messages, maxTokens, true, task);
    }
}
