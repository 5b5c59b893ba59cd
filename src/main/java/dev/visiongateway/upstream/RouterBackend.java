package dev.visiongateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.vision.ChatChunk;
import dev.visiongateway.vision.ChatCompletion;
import dev.visiongateway.vision.ChatRequest;
import dev.visiongateway.vision.VisionBackend;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The LLM router behind the backend port: retries before the first byte (honouring {@code Retry-After}), a
 * circuit breaker, and every failure turned into the problem the client gets (docs/ARCHITECTURE.md rule 11).
 */
@ApplicationScoped
public class RouterBackend implements VisionBackend {

    static final String CHAT_BREAKER = "router-chat";

    private final RouterApi api;
    private final RouterConfig config;
    private final RouterRetry retry;
    private final RouterStream routerStream;

    private final ObjectMapper json;

    RouterBackend(@RestClient RouterApi api, RouterConfig config, RouterRetry retry, RouterStream routerStream,
            ObjectMapper json) {
        this.api = api;
        this.json = json;
        this.config = config;
        this.retry = retry;
        this.routerStream = routerStream;
    }

    public boolean configured() {
        return config.configured();
    }

    @Override
    public Uni<ChatCompletion> complete(ChatRequest request) {
        return completeJson(json.valueToTree(request)).map(answer -> json.convertValue(answer, ChatCompletion.class));
    }

    @Override
    public Multi<ChatChunk> stream(ChatRequest request) {
        return routerStream.chunks(request.streaming());
    }

    /** An OpenAI-shaped request, answered as the router sends it, unknown fields kept. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 10_000, successThreshold = 2,
            failOn = RouterOutage.class)
    @CircuitBreakerName(CHAT_BREAKER)
    public Uni<ObjectNode> completeJson(ObjectNode request) {
        return Uni.createFrom().deferred(() -> api.complete(request))
                .onFailure(RouterRetry::retryable).retry().when(retry::delays)
                .onFailure().transform(UpstreamFaults::toProblem);
    }

    /** The router's stream of {@code chat.completion.chunk} objects, unknown fields kept. */
    public Multi<ObjectNode> streamJson(ObjectNode request) {
        return routerStream.events(request);
    }

    /** The image-capable part of the router's model catalog, as the router sends it. */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000, failOn = RouterOutage.class)
    @CircuitBreakerName("router-models")
    public Uni<JsonNode> imageModels() {
        return Uni.createFrom().deferred(() -> api.models("image"))
                .onFailure().transform(UpstreamFaults::toProblem);
    }
}
