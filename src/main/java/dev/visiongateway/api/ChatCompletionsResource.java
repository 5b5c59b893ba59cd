package dev.visiongateway.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.access.Charge;
import dev.visiongateway.access.Charges;
import dev.visiongateway.access.UsageMeter;
import dev.visiongateway.answers.CacheRequest;
import dev.visiongateway.answers.CachedChat;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * OpenAI-compatible chat completions: the router's own request shape, checked like the operations' requests,
 * answered in the router's own shape. Point an OpenAI client's base URL at {@code http://gateway/v1}.
 */
@Path("/v1/chat/completions")
@Tag(name = "openai-compatible")
@Consumes(MediaType.APPLICATION_JSON)
public class ChatCompletionsResource {

    private final CachedChat answers;
    private final ResponseBodies bodies;
    private final Charges charges;
    private final UsageMeter usage;

    ChatCompletionsResource(CachedChat answers, ResponseBodies bodies, Charges charges, UsageMeter usage) {
        this.answers = answers;
        this.bodies = bodies;
        this.charges = charges;
        this.usage = usage;
    }

    @POST
    @Operation(summary = "Chat completion with images, OpenAI wire format, streamed with \"stream\": true")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiShapes.ChatRequest.class), examples = @ExampleObject(name = "two images", value = """
            {"model": "openai/gpt-4o", "stream": false, "messages": [{"role": "user", "content": [
              {"type": "text", "text": "Compare these two images."},
              {"type": "image_url", "image_url": {"url": "https://example.com/front.jpg", "detail": "high"}},
              {"type": "image_url", "image_url": {"url": "https://example.com/back.jpg"}}]}]}""")))
    @APIResponse(responseCode = "200", description = "A chat.completion, or with stream=true a chat.completion.chunk"
            + " event stream ending in data: [DONE]; changes the gateway made are listed in X-Gateway-Warning headers.", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiShapes.Completion.class)),
                    @Content(mediaType = MediaType.SERVER_SENT_EVENTS) })
    public RestMulti<byte[]> complete(ObjectNode request,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        if (request == null) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, null, "The body must be a JSON object.");
        }
        int images = imageParts(request);
        boolean streams = request.path("stream").asBoolean(false);
        Charge charge = charges.forRequest(images, streams);
        CacheRequest asking = CacheRequest.of(cacheControl);
        if (streams) {
            // the warnings are read with the first event: a fallback model that took over before it adds its own
            return bodies.dataEvents(charge.streamStart(answers.stream(request, charge.spender(), asking)),
                    ok -> charge.stream(ok.hit() != null ? answers.events(ok)
                            : usage.chatStreamed(ok.checked().answering()::model, images, charge, answers.events(ok))),
                    ok -> ok.checked().answering().warnings(), CachedChat.Streaming::outcome);
        }
        return bodies.document(charge.answer(answers.answer(request, charge.spender(), asking).invoke(ok -> {
            if (!ok.outcome().hit()) {
                usage.chatAnswered(ok.checked().answering().model(), images, charge, ok.answer());
            }
        })), CachedChat.Answered::answer, ok -> ok.checked().answering().warnings(), CachedChat.Answered::outcome);
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

}
