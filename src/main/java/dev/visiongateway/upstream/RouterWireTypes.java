package dev.visiongateway.upstream;

import dev.visiongateway.image.Detail;
import dev.visiongateway.image.RouterFile;
import dev.visiongateway.openai.ChatChunk;
import dev.visiongateway.openai.ChatCompletion;
import dev.visiongateway.openai.ChatMessage;
import dev.visiongateway.openai.ChatRequest;
import dev.visiongateway.openai.ContentPart;
import dev.visiongateway.vision.Usage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The wire records of the router calls, all read and written by Jackson outside any REST client's sight: the
 * gateway's requests are {@code ChatRequest}s written through {@link JsonBody}, {@link RouterChatClient} reads
 * {@code ChatCompletion}s, and {@link RouterStream} reads {@code ChatChunk}s from a JSON tree with
 * {@code convertValue}; they, their nested records and the sealed message parts (whose implementations no field
 * type names) are out of Quarkus's sight: a native image would otherwise lose their constructors and accessors.
 * {@code RouterFile}
 * is the value of the shared file-id cache, which the Redis cache backend writes and reads as JSON.
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
        Usage.class,
        RouterFile.class })
final class RouterWireTypes {

    private RouterWireTypes() {
    }
}
