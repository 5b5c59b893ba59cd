package dev.visiongateway.vision;

/** Token counts as the router reports them. */
public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {
}
