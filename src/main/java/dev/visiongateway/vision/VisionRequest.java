package dev.visiongateway.vision;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.Detail;
import dev.visiongateway.image.ImageInput;

/** The body of describe, compare and ocr; multipart forms carry the same fields. */
public record VisionRequest(
        @Size(max = 1000) List<@NotNull(message = "must not be null") @Valid ImageInput> images,
        @Size(max = 8000) String prompt,
        @Size(max = 200) String model,
        Detail detail,
        @Size(max = 100) List<@NotNull(message = "must not be null") ObjectNode> history,
        @Positive @Max(200_000) Integer maxTokens,
        Boolean stream,
        @Size(max = 64) String language,
        OcrFormat format) {

    public List<ImageInput> imagesOrEmpty() {
        return images == null ? List.of() : images;
    }

    public List<ObjectNode> historyOrEmpty() {
        return history == null ? List.of() : history;
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }
}
