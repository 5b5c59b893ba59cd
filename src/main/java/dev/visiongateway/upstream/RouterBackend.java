package dev.visiongateway.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.catalog.ModelDefaults;
import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageLimits;
import dev.visiongateway.image.ImagePreparation;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.openai.ChatCompletion;
import dev.visiongateway.openai.ChatRequest;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.traces.Spans;
import dev.visiongateway.vision.ChatRelay;
import dev.visiongateway.vision.Completion;
import dev.visiongateway.vision.CompletionChunk;
import dev.visiongateway.vision.JsonImagePart;
import dev.visiongateway.vision.VisionBackend;
import dev.visiongateway.vision.VisionCall;
import dev.visiongateway.vision.VisionOperation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The LLM router behind the backend port: it runs every model no other backend claims, builds the chat request
 * from the call, retries before the first byte (honouring {@code Retry-After}), has a circuit breaker, and turns
 * every failure into the problem the client gets (docs/ARCHITECTURE.md rule 11).
 */
@ApplicationScoped
public class RouterBackend implements VisionBackend, ChatRelay {

    private static final Logger LOG = Logger.getLogger(RouterBackend.class);

    private final RouterChatClient chat;
    private final RouterApi api;
    private final RouterConfig config;
    private final RouterRetry retry;
    private final RouterStream routerStream;
    private final ModelDefaults models;
    private final RouterMessages messages;

    private final RouterFiles files;
    private final RouterBodyFit bodyFit;
    private final ObjectMapper json;
    private final ModelBreakers breakers;
    private final Spans spans;

    /** The span of a chat call to the router, retries included. */
    static final String CHAT_SPAN = "router chat";
    private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gateway.model");
    private static final AttributeKey<Boolean> STREAM = AttributeKey.booleanKey("gateway.stream");

    RouterBackend(@RestClient RouterApi api, RouterChatClient chat, RouterConfig config, RouterRetry retry,
            RouterStream routerStream, ModelDefaults models, ImageLimits limits, RouterFiles files, ObjectMapper json,
            ModelBreakers breakers, Spans spans) {
        this.spans = spans;
        this.chat = chat;
        this.api = api;
        this.breakers = breakers;
        this.files = files;
        this.bodyFit = new RouterBodyFit(files, json, config.maxBodyBytes());
        this.json = json;
        this.config = config;
        this.retry = retry;
        this.routerStream = routerStream;
        this.models = models;
        this.messages = new RouterMessages(limits.maxPartsPerMessage());
    }

    void announce(@Observes StartupEvent started) {
        if (!config.configured()) {
            LOG.info("No LLM router configured: only the gateway's offline models (local/*) answer. To use a router,"
                    + " set GATEWAY_ROUTER_URL and GATEWAY_ROUTER_API_KEY.");
        }
    }

    public boolean configured() {
        return config.configured();
    }

    @Override
    public boolean runs(String model) {
        return true;
    }

    @Override
    public boolean runsTheRest() {
        return true;
    }

    @Override
    public Optional<GatewayProblem> unavailable(String model) {
        return configured() ? Optional.empty()
                : Optional.of(GatewayProblem.of(ErrorCode.ROUTER_NOT_CONFIGURED, null,
                        "No LLM router is configured, so model '" + model + "' cannot run. Set GATEWAY_ROUTER_URL (and"
                                + " GATEWAY_ROUTER_API_KEY) and restart the gateway, or use one of the offline models (local/*)"
                                + " listed by GET /v1/models."));
    }

    @Override
    public ImagePreparation preparation(VisionOperation operation) {
        return operation == VisionOperation.OCR ? ImagePreparation.NORMALIZED_FOR_OCR : ImagePreparation.NORMALIZED;
    }

    @Override
    public Uni<VisionCall> fitted(VisionCall call) {
        return bodyFit.fitted(call.images(), call.historyImages(), images -> chatRequest(call.withImages(images)))
                .map(call::withImages);
    }

    @Override
    public Uni<Completion> complete(VisionCall call) {
        return spans.call(CHAT_SPAN, chatAttributes(call.model(), false), () -> completed(call));
    }

    private Uni<Completion> completed(VisionCall call) {
        return guarded(call.model(), () -> chat.answer(JsonBody.of(json, chatRequest(call)), ChatCompletion.class))
                .onFailure(UnknownRouterFile.class::isInstance).recoverWithUni(unknown -> uploadedAgain(call, unknown)
                        .flatMap(again -> guarded(call.model(),
                                () -> chat.answer(JsonBody.of(json, chatRequest(again)), ChatCompletion.class))))
                .onFailure().transform(UpstreamFaults::toProblem)
                .map(answer -> new Completion(answer.text(), answer.finishReason(), answer.usage()));
    }

    @Override
    public Multi<CompletionChunk> stream(VisionCall call) {
        return spans.multi(CHAT_SPAN, chatAttributes(call.model(), true), () -> streamed(call));
    }

    private static Attributes chatAttributes(String model, boolean stream) {
        return model == null ? Attributes.of(STREAM, stream) : Attributes.of(MODEL, model, STREAM, stream);
    }

    private Multi<CompletionChunk> streamed(VisionCall call) {
        // the router refuses an unknown file id with its status, before the first event: nothing reached the client
        return Multi.createFrom().deferred(() -> routerStream.chunks(chatRequest(call).streaming()))
                .onFailure(UnknownRouterFile.class::isInstance).recoverWithMulti(unknown -> uploadedAgain(call, unknown)
                        .onItem().transformToMulti(again -> routerStream.chunks(chatRequest(again).streaming())))
                .map(chunk -> new CompletionChunk(chunk.text(), chunk.finishReason(), chunk.usage()));
    }

    /**
     * The call with every image that went by a remembered file id uploaded again, once: the router forgot a file before the
     * cache did. Without such images the file id was the client's, and
     * the refusal stands.
     */
    private Uni<VisionCall> uploadedAgain(VisionCall call, Throwable unknown) {
        List<PreparedImage> images = new ArrayList<>(call.images());
        Uni<Void> uploads = Uni.createFrom().voidItem();
        boolean any = false;
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).content() instanceof ImageContent.ReusedFile reused) {
                any = true;
                int index = i;
                PreparedImage image = images.get(i);
                uploads = uploads.chain(() -> files.forget(reused.sha256()))
                        .chain(() -> files.once(reused.sha256(), reused.inline(), files.defaultPurpose()))
                        .invoke(upload -> images.set(index, image.sentAs(image.report(),
                                new ImageContent.StoredFile(upload.file()))))
                        .replaceWithVoid();
            }
        }
        boolean historyFiles = call.historyImages().stream().anyMatch(JsonImagePart::sentAsFile);
        if (!any && !historyFiles) {
            return Uni.createFrom().failure(unknown);
        }
        LOG.info("The router no longer knows a file the gateway uploaded earlier: uploading it again.");
        Uni<Void> history = historyFiles ? uploadedAgain(call.historyImages(), unknown) : Uni.createFrom().voidItem();
        return uploads.chain(() -> history).replaceWith(() -> call.withImages(images));
    }

    private ChatRequest chatRequest(VisionCall call) {
        return new ChatRequest(call.model(), messages.build(call.prompt(), call.images(), call.history(),
                models.takesDetail(call.model())), call.maxTokens(), null);
    }

    @Override
    public Uni<Void> fit(ObjectNode request, List<JsonImagePart> images) {
        return bodyFit.fitted(request, images);
    }

    /**
     * An OpenAI-shaped request, answered as the router sends it, unknown fields kept; sent again once if the router
     * forgot a file the gateway uploaded for it.
     */
    @Override
    public Uni<ObjectNode> relay(ObjectNode request, List<JsonImagePart> images) {
        String model = request.path("model").asText();
        return spans.call(CHAT_SPAN, chatAttributes(request.path("model").asText(null), false),
                () -> guarded(model, () -> chat.answer(JsonBody.of(json, request), ObjectNode.class))
                        .onFailure(UnknownRouterFile.class::isInstance)
                        .recoverWithUni(unknown -> uploadedAgain(images, unknown)
                                .chain(() -> guarded(model,
                                        () -> chat.answer(JsonBody.of(json, request), ObjectNode.class)))));
    }

    /**
     * A chat call with retries before the first byte, inside {@code model}'s circuit breaker, which both doors
     * share: the breaker counts a call once, after its retries.
     */
    <T> Uni<T> guarded(String model, Supplier<Uni<T>> call) {
        return breakers.guarded(model, () -> Uni.createFrom().deferred(call::get)
                .onFailure(RouterRetry::retryable).retry().when(retry::delays)
                .onFailure().transform(UpstreamFaults::toProblem));
    }

    /** The router's stream of {@code chat.completion.chunk} objects, unknown fields kept. */
    @Override
    public Multi<ObjectNode> relayStream(ObjectNode request, List<JsonImagePart> images) {
        // the router refuses an unknown file id with its status, before the first event: nothing reached the client
        return spans.multi(CHAT_SPAN, chatAttributes(request.path("model").asText(null), true),
                () -> Multi.createFrom().deferred(() -> routerStream.events(request))
                        .onFailure(UnknownRouterFile.class::isInstance)
                        .recoverWithMulti(unknown -> uploadedAgain(images, unknown)
                                .onItem().transformToMulti(ignored -> routerStream.events(request))));
    }

    /**
     * The image parts the gateway turned into files, uploaded again once: the router forgot a file before the cache
     * did (rule 9). Without such parts the file id was the client's, and the refusal stands.
     */
    private Uni<Void> uploadedAgain(List<JsonImagePart> parts, Throwable unknown) {
        Uni<Void> uploads = Uni.createFrom().voidItem();
        boolean any = false;
        for (JsonImagePart part : parts) {
            if (part.sentAsFile() && part.image().content() instanceof ImageContent.DataUrl inline) {
                any = true;
                String sha256 = part.image().report().sha256();
                uploads = uploads.chain(() -> files.forget(sha256))
                        .chain(() -> files.once(sha256, inline, files.defaultPurpose()))
                        .invoke(upload -> part.sendAsFile(upload.file()))
                        .replaceWithVoid();
            }
        }
        if (!any) {
            return Uni.createFrom().failure(unknown);
        }
        LOG.info("The router no longer knows a file the gateway uploaded earlier: uploading it again.");
        return uploads;
    }

    /** The image-capable part of the router's model catalog, as the router sends it. */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000, failOn = RouterOutage.class)
    @CircuitBreakerName("router-models")
    public Uni<JsonNode> imageModels() {
        return Uni.createFrom().deferred(() -> api.models("image"))
                .onFailure().transform(UpstreamFaults::toProblem);
    }
}
