package dev.visiongateway.vision;

import java.util.List;

import dev.visiongateway.image.ImageReport;

/** An operation ready to run: the chat request for its backend, and what the client will be told about it. */
public record PreparedCall(String id, Operation operation, String model, ChatRequest chat, VisionBackend backend,
        List<ImageReport> images, List<String> warnings) {

    public VisionAnswer answer(ChatCompletion completion) {
        return new VisionAnswer(id, operation.id(), model, completion.text(), completion.finishReason(),
                completion.usage(), images, warnings);
    }
}
