package dev.visiongateway.vision;

/** A backend's whole answer: its text, why it stopped, and the tokens it counted (when it counts them). */
public record Completion(String text, String finishReason, Usage usage) {
}
