package dev.visiongateway.vision;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The port behind which a model runs: the LLM router, or the local engine. */
public interface VisionBackend {

    /** The whole answer at once. */
    Uni<ChatCompletion> complete(ChatRequest request);

    /** The answer as it is produced; cancelling the subscription stops the work upstream. */
    Multi<ChatChunk> stream(ChatRequest request);
}
