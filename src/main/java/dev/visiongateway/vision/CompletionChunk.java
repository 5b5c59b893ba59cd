package dev.visiongateway.vision;

/** A piece of a backend's streamed answer; the last pieces carry the finish reason and the usage. */
public record CompletionChunk(String text, String finishReason, Usage usage) {

    public static CompletionChunk text(String text) {
        return new CompletionChunk(text, null, null);
    }
}
