package dev.visiongateway.api;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.access.Charge;
import dev.visiongateway.access.Charges;
import dev.visiongateway.access.UsageMeter;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.vision.ChatCompletions;
import io.smallrye.mutiny.Uni;

/**
 * OpenAI-compatible chat completions: the router's own request shape, checked like the operations' requests,
 * answered in the router's own shape. Point an OpenAI client's base URL at {@code http://gateway/v1}.
 */
@Path("/v1/chat/completions")
@Tag(name = "openai-compatible")
@Consumes(MediaType.APPLICATION_JSON)
public class ChatCompletionsResource {

    private final ChatCompletions chat;
    private final ResponseBodies bodies;
    private final Charges charges;
    private final UsageMeter usage;

    ChatCompletionsResource(ChatCompletions chat, ResponseBodies bodies, Charges charges, UsageMeter usage) {
        this.chat = chat;
        this.bodies = bodies;
        this.charges = charges;
        this.usage = usage;
    }

    @POST
    @Operation(summary = "Chat completion with images, OpenAI wire format, streamed with \"stream\": true")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "two images", value = """
            {"model": "openai/gpt-4o", "stream": false, "messages": [{"role": "user", "content": [
              {"type": "text", "text": "Compare these two images."},
              {"type": "image_url", "image_url": {"url": "https://example.com/front.jpg", "detail": "high"}},
              {"type": "image_url", "image_url": {"url": "https://example.com/back.jpg"}}]}]}""")))
    @APIResponse(responseCode = "200", description = "A chat.completion, or with stream=true a chat.completion.chunk"
            + " event stream ending in data: [DONE]; changes the gateway made are listed in X-Gateway-Warning headers.")
    public RestMulti<byte[]> complete(ObjectNode request) {
        if (request == null) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, null, "The body must be a JSON object.");
        }
        int images = imageParts(request);
        boolean streams = request.path("stream").asBoolean(false);
        Charge charge = charges.forRequest(images, streams);
        Uni<ChatCompletions.Checked> checked = chat.check(request);
        if (streams) {
            // the warnings are read with the first event: a fallback model that took over before it adds its own
            return bodies.dataEvents(charge.streamStart(checked), ok -> charge.stream(usage.chatStreamed(
                    ok.answering()::model, images, charge, chat.stream(ok))), ok -> ok.answering().warnings());
        }
        Uni<Answered> answered = checked.flatMap(ok -> chat.complete(ok)
                .invoke(answer -> usage.chatAnswered(ok.answering().model(), images, charge, answer))
                .map(answer -> new Answered(answer, ok.answering().warnings())));
        return bodies.document(charge.answer(answered), Answered::answer, Answered::warnings);
    }

    /** The image_url parts of all messages, counted before any is fetched: what the key's image budget pays. */
    private static int imageParts(ObjectNode request) {
        int count = 0;
        for (JsonNode message : request.path("messages")) {
            for (JsonNode part : message.path("content")) {
                if ("image_url".equals(part.path("type").asText())) {
                    count++;
                }
            }
        }
        return count;
    }

    private record Answered(ObjectNode answer, List<String> warnings) {
    }
}
