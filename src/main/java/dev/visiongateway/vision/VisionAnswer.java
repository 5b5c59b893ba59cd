package dev.visiongateway.vision;

import java.util.List;

import dev.visiongateway.image.ImageReport;

/** The answer of describe, compare and ocr. */
public record VisionAnswer(String id, String operation, String model, String text, String finishReason, Usage usage,
        List<ImageReport> images, List<String> warnings, Boolean cached) {

    public VisionAnswer(String id, String operation, String model, String text, String finishReason, Usage usage,
            List<ImageReport> images, List<String> warnings) {
        this(id, operation, model, text, finishReason, usage, images, warnings, null);
    }

    /**
     * The same answer, given again from the answer cache, as {@code id}, about {@code images} as this request sent
     * them, with this request's warnings.
     */
    public VisionAnswer reused(String newId, List<ImageReport> newImages, List<String> newWarnings) {
        return new VisionAnswer(newId, operation, model, text, finishReason, usage, newImages, newWarnings, true);
    }

    /**
     * Whether the answer came to its end with text (not cut by a filter or an error, not a refusal without content):
     * only such answers are reused.
     */
    public boolean complete() {
        return ("stop".equals(finishReason) || "length".equals(finishReason)) && text != null && !text.isBlank();
    }
}
