package dev.visiongateway.vision;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.PreparedImage;

/**
 * One describe, compare or ocr call as a backend gets it: what was asked (the operation, its prompt, OCR format
 * and language, the conversation so far) and the images, prepared the way that backend asked for
 * ({@link VisionBackend#preparation}). The router builds a chat request from it; the local engine reads the bytes.
 * {@code historyImages} are the image parts inside {@code history}, as prepared (empty for the local engine).
 */
public record VisionCall(String id, VisionOperation operation, String model, String prompt, OcrFormat format,
        String language, List<ObjectNode> history, List<JsonImagePart> historyImages, List<PreparedImage> images,
        Integer maxTokens) {

    /** The same call with its images sent differently (as file ids, by the backend that fits the call). */
    public VisionCall withImages(List<PreparedImage> sent) {
        return new VisionCall(id, operation, model, prompt, format, language, history, historyImages, sent, maxTokens);
    }

    /** The same call for another model (a fallback). */
    public VisionCall withModel(String other) {
        return new VisionCall(id, operation, other, prompt, format, language, history, historyImages, images, maxTokens);
    }
}
