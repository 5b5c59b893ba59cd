package dev.visiongateway.vision;

import java.util.List;

import dev.visiongateway.image.ImageReport;

/** The answer of describe, compare and ocr. */
public record VisionAnswer(String id, String operation, String model, String text, String finishReason, Usage usage,
        List<ImageReport> images, List<String> warnings) {
}
