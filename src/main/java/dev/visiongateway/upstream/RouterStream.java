package dev.visiongateway.upstream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.openai.ChatChunk;
import dev.visiongateway.openai.ChatRequest;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.PlainText;
import io.smallrye.mutiny.Multi;

/**
 * Reads the router's {@code stream: true} answer as it arrives (docs/ARCHITECTURE.md rule 10): each SSE event's JSON as
 * one item, ending at {@code [DONE]}. Retries only before the first event; an error object, malformed JSON or
 * a stream that stops without finishing fails the {@code Multi}, so no truncation goes unnoticed. Cancelling
 * the subscription ends the router call ({@link RouterChatClient}).
 */
@ApplicationScoped
class RouterStream {

    private static final Logger LOG = Logger.getLogger(RouterStream.class);
    private static final String DONE = "[DONE]";

    private final RouterChatClient client;
    private final RouterRetry retry;
    private final ObjectMapper json;

    private final ModelBreakers breakers;

    RouterStream(RouterChatClient client, RouterRetry retry, ObjectMapper json, ModelBreakers breakers) {
        this.client = client;
        this.retry = retry;
        this.json = json;
        this.breakers = breakers;
    }

    /** The chunks of a request the gateway built, as the records it reads. */
    Multi<ChatChunk> chunks(ChatRequest request) {
        return events(request.model(), () -> client.events(JsonBody.of(json, request)))
                .map(event -> json.convertValue(event, ChatChunk.class));
    }

    /** The chunks as JSON trees, unknown fields kept, for the OpenAI-compatible pass-through. */
    Multi<ObjectNode> events(ObjectNode request) {
        return events(request.path("model").asText(), () -> client.events(JsonBody.of(json, request)));
    }

    private Multi<ObjectNode> events(String model, Supplier<Multi<String>> call) {
        return Multi.createFrom().deferred(() -> {
            // streams are not counted by the model's breaker, but they respect it when the model's calls opened it
            if (breakers.open(model)) {
                return Multi.createFrom().failure(ModelBreakers.openProblem(model));
            }
            AtomicBoolean started = new AtomicBoolean();
            AtomicBoolean finished = new AtomicBoolean();
            return Multi.createFrom().deferred(call::get)
                    .onItem().invoke(() -> started.set(true))
                    .onFailure(failure -> !started.get() && RouterRetry.retryable(failure)).retry().when(retry::delays)
                    .select().where(event -> !event.isBlank())
                    // dropped, not cut at: the router ends the response after [DONE], and the stream completes
                    // with it, without a cancellation that would close the connection under the response
                    .select().where(event -> {
                        boolean done = DONE.equals(event.strip());
                        if (done) {
                            finished.set(true);
                        }
                        return !done;
                    })
                    .map(event -> parse(event, finished))
                    .onCompletion().switchTo(() -> finished.get() ? Multi.createFrom().empty()
                            : Multi.createFrom().failure(new RouterOutage(ErrorCode.UPSTREAM_STREAM_TRUNCATED,
                                    "The router ended the stream before the answer was complete.", null)))
                    .onFailure().transform(UpstreamFaults::toProblem);
        });
    }

    private ObjectNode parse(String event, AtomicBoolean finished) {
        JsonNode data;
        try {
            data = json.readTree(event);
        } catch (JsonProcessingException e) {
            throw new RouterOutage(ErrorCode.UPSTREAM_MALFORMED, "The router sent a stream event that is not valid JSON.",
                    null);
        }
        if (!data.isObject()) {
            throw new RouterOutage(ErrorCode.UPSTREAM_MALFORMED, "The router sent a stream event that is not a JSON object.",
                    null);
        }
        JsonNode error = data.get("error");
        if (error != null && !error.isNull()) {
            // the router's words to the log; the client gets a fixed sentence and the router's code
            String message = RouterFault.messageOf(error);
            LOG.warnf("The router failed mid-stream: %s",
                    PlainText.line(message != null ? message : error.toString(), RouterFault.MAX_LOGGED));
            String code = RouterFault.codeOf(error);
            throw new RouterOutage(ErrorCode.UPSTREAM_ERROR, "The router failed mid-stream"
                    + (code == null ? "." : " (code " + code + ")."), null);
        }
        for (JsonNode choice : data.path("choices")) {
            if (choice.hasNonNull("finish_reason")) {
                finished.set(true);
            }
        }
        return (ObjectNode) data;
    }
}
