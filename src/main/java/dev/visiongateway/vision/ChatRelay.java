package dev.visiongateway.vision;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A backend that also takes OpenAI-shaped chat requests as they are, for {@code /v1/chat/completions}: unknown
 * fields kept both ways, so that the OpenAI-compatible door passes on what it does not need to understand.
 */
public interface ChatRelay {

    /**
     * Makes the request fit the backend before anything is sent (for the router: large or reused images as files,
     * within its body limit); {@code images} are its prepared image parts.
     */
    Uni<Void> fit(ObjectNode request, List<JsonImagePart> images);

    /** The answer as the backend sends it. */
    Uni<ObjectNode> relay(ObjectNode request, List<JsonImagePart> images);

    /** The {@code chat.completion.chunk} objects as the backend sends them, without the final {@code [DONE]}. */
    Multi<ObjectNode> relayStream(ObjectNode request, List<JsonImagePart> images);
}
