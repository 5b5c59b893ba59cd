package dev.visiongateway.openai;

import java.util.List;

/** The OpenAI-compatible chat request the gateway builds for the router. */
public record ChatRequest(String model, List<ChatMessage> messages, Integer maxTokens, Boolean stream) {

    public ChatRequest streaming() {
        return new ChatRequest(model, messages, maxTokens, true);
    }
}
