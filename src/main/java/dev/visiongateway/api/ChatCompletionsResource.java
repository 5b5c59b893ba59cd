package dev.visiongateway.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.vision.ChatCompletions;
import dev.visiongateway.problem.GatewayProblem;

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
    private static final String CHAT = "chat";

    private final RateLimits limits;
    private final UsageMeter usage;
    private final ObjectMapper json;
    private final RoutingContext routing;

    ChatCompletionsResource(ChatCompletions chat, ResponseBodies bodies, RateLimits limits, UsageMeter usage,
            ObjectMapper json, RoutingContext routing) {
        this.usage = usage;
        this.json = json;
        this.chat = chat;
        this.bodies = bodies;
        this.limits = limits;
        this.routing = routing;
    }

    @POST
    @Operation(summary = "Chat completion with images, OpenAI wire format, streamed with \"stream\": true")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "two images",
            value = """
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
        Optional<String> key = ClientAuthentication.keyName(routing);
        int images = imageParts(request);
        String spender = key.orElse(UsageMeter.NO_KEY);
        boolean streams = request.path("stream").asBoolean(false);
        // memoized: the stream's start and its events share one spending, counted once
        Optional<Uni<RateLimits.Spending>> spending = key.map(name -> limits.spend(name, images, streams)
                .memoize().indefinitely());
        Uni<ChatCompletions.Checked> checked = chat.check(request);
        if (streams) {
            Function<ChatCompletions.Checked, Multi<String>> metered = ok -> {
                AtomicBoolean first = new AtomicBoolean(true);
                return chat.stream(ok).invoke(chunk -> {
                    if (first.getAndSet(false)) {
                        // the router answered: the images went to the model
                        usage.images(CHAT, ok.answering().model(), spender, images);
                    }
                    // usage comes in a last chunk when the client asked for it (stream_options.include_usage);
                    // the chunks are ObjectNode.toString(), so compact JSON
                    if (chunk.contains("\"usage\":{")) {
                        usage.tokens(CHAT, ok.answering().model(), spender, usageOf(chunk));
                    }
                });
            };
            if (spending.isPresent()) {
                Uni<RateLimits.Spending> spent = spending.get();
                return bodies.dataEvents(spent.flatMap(spend -> spend.slot().heldBy(spend.refundedOnRefusal(checked)))
                        .onCancellation().invoke(() -> RateLimits.Spending.releaseWhenDecided(spent)),
                        ok -> spent.onItem().transformToMulti(spend -> spend.slot().heldBy(metered.apply(ok))),
                        ok -> ok.answering().warnings());
            }
            // read with the first event: a fallback model that took over before it adds its warning
            return bodies.dataEvents(checked, metered, ok -> ok.answering().warnings());
        }
        Uni<Answered> answered = checked.flatMap(ok -> chat.complete(ok)
                .invoke(answer -> {
                    usage.images(CHAT, ok.answering().model(), spender, images);
                    usage.tokens(CHAT, ok.answering().model(), spender, answer.get("usage"));
                })
                .map(answer -> new Answered(answer, ok.answering().warnings())));
        return bodies.document(spending.map(spent -> spent.flatMap(spend -> spend.refundedOnRefusal(answered)))
                .orElse(answered),
                Answered::answer, Answered::warnings);
    }

    private JsonNode usageOf(String chunk) {
        try {
            return json.readTree(chunk).get("usage");
        } catch (JsonProcessingException e) {
            // the router's chunks were parsed once already (upstream.RouterStream): this cannot happen
            return null;
        }
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
