package dev.visiongateway.upstream;

import dev.visiongateway.openai.ChatChunk;
import dev.visiongateway.openai.ChatCompletion;
import dev.visiongateway.openai.ChatMessage;
import dev.visiongateway.openai.ChatRequest;
import dev.visiongateway.openai.ContentPart;
import dev.visiongateway.image.Detail;
import dev.visiongateway.vision.Usage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records {@link RouterBackend} and {@link RouterStream} turn into and out of JSON trees by hand
 * ({@code valueToTree}, {@code convertValue}): the REST client only sees {@code ObjectNode}, so Quarkus cannot
 * infer them, and a native image would otherwise lose their constructors and accessors. The message parts are
 * sealed interfaces, whose implementations no field type names, so each is listed.
 */
@RegisterForReflection(targets = {
        ChatRequest.class,
        ChatMessage.Parts.class,
        ChatMessage.History.class,
        ContentPart.Text.class,
        ContentPart.ImageUrl.class,
        ContentPart.ImageUrl.Ref.class,
        ContentPart.InputFile.class,
        ContentPart.InputFile.Ref.class,
        Detail.class,
        ChatCompletion.class,
        ChatCompletion.Choice.class,
        ChatCompletion.Message.class,
        ChatChunk.class,
        ChatChunk.Choice.class,
        ChatChunk.Delta.class,
        Usage.class })
final class RouterWireTypes {

    private RouterWireTypes() {
    }
}
