package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.image.ImageIntake;
import dev.visiongateway.image.RouterFile;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.OpenAiError;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Applies the operations' rules to an OpenAI-shaped chat request while keeping the rest as the client sent it: only
 * allowed fields, roles and part types, within bounds ({@link ChatFields}); the model checked against the catalog,
 * at most {@code max-parts-per-message} parts per message, every {@code image_url} checked like an operation's image,
 * {@code detail} kept only
 * for models that take it, {@code input_file} parts complete.
 */
@ApplicationScoped
public class ChatCompletions {

    /** The request to forward, the backend to forward it to, and what the gateway changed in it. */
    public record Checked(ObjectNode request, String model, ChatRelay relay, List<JsonImagePart> images,
            List<String> warnings, Answering answering) {

        Checked(ObjectNode request, String model, ChatRelay relay, List<JsonImagePart> images, List<String> warnings) {
            this(request, model, relay, images, warnings, new Answering(model, warnings));
        }
    }

    /**
     * The model that answers a checked request and what the client is told: the
     * requested model and the check's warnings, until a fallback model takes over, before the first byte.
     */
    public static final class Answering {

        private volatile String model;
        private final List<String> warnings;

        Answering(String model, List<String> warnings) {
            this.model = model;
            this.warnings = new CopyOnWriteArrayList<>(warnings);
        }

        public String model() {
            return model;
        }

        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        void fellBack(ModelFallbacks.FellBack fellBack) {
            model = fellBack.to();
            warnings.add(fellBack.warning());
        }

        void warn(String warning) {
            warnings.add(warning);
        }
    }

    private final ModelCatalog catalog;
    private final ImageIntake intake;
    private final ImageParts imageParts;
    private final RequestRules rules;
    private final Backends backends;
    private final OperationMetrics metrics;
    private final ObjectMapper json;
    private final ModelFallbacks fallbacks;

    ChatCompletions(ModelCatalog catalog, ImageIntake intake, ImageParts imageParts, RequestRules rules, Backends backends,
            OperationMetrics metrics, ObjectMapper json, ModelFallbacks fallbacks) {
        this.fallbacks = fallbacks;
        this.catalog = catalog;
        this.intake = intake;
        this.imageParts = imageParts;
        this.rules = rules;
        this.backends = backends;
        this.metrics = metrics;
        this.json = json;
    }

    /** The backend's answer, unchanged; the model that answered is {@code checked.answering()}'s. */
    public Uni<ObjectNode> complete(Checked checked) {
        Answering answering = checked.answering();
        return metrics.timed(CHAT, answering::model, fallbacks.complete(ModelFallbacks.CHAT, checked.model(),
                checked.relay(), model -> checked.relay().relay(requestFor(checked, model), imagesFor(checked, model)),
                answering::fellBack));
    }

    /**
     * The backend's {@code chat.completion.chunk} events, unchanged, then {@code [DONE]}; a failure after the first
     * event becomes an OpenAI-style {@code error} event, which OpenAI clients raise as an error.
     */
    public Multi<String> stream(Checked checked) {
        Answering answering = checked.answering();
        Multi<ObjectNode> events = fallbacks.stream(ModelFallbacks.CHAT, checked.model(), checked.relay(),
                model -> checked.relay().relayStream(requestFor(checked, model), imagesFor(checked, model)),
                answering::fellBack);
        return StreamFailures.endWith(metrics.timed(CHAT, answering::model, events)
                .map(ObjectNode::toString)
                .onCompletion().continueWith("[DONE]"), this::openAiError);
    }

    public Uni<Checked> check(ObjectNode request) {
        return Uni.createFrom().deferred(() -> {
            String model = checkedModel(request);
            if (!(backends.forModel(model) instanceof ChatRelay relay)) {
                throw GatewayProblem.of(ErrorCode.MODEL_NOT_FOR_OPERATION, "model", "Model '" + model + "' answers"
                        + " /v1/describe, /v1/compare and /v1/ocr only, not chat completions.");
            }
            ChatFields.check(request);
            ArrayNode messages = checkedMessages(request);
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            return catalog.verify(model, "model")
                    .invoke(warnings::addAll)
                    .flatMap(ignored -> {
                        boolean takesDetail = rules.takesDetail(model);
                        List<Uni<JsonImagePart>> images = new ArrayList<>();
                        AtomicBoolean detailGiven = new AtomicBoolean();
                        for (int i = 0; i < messages.size(); i++) {
                            checkParts(messages.get(i), "messages[" + i + "]", takesDetail, detailGiven, warnings::add,
                                    images);
                        }
                        rules.notTooManyImages(images.size(), "messages");
                        if (detailGiven.get() && !takesDetail) {
                            rules.detailIgnored(model, warnings::add);
                        }
                        return intake.inTurn(images);
                    })
                    .call(images -> relay.fit(request, images))
                    .map(images -> new Checked(request, model, relay, images, List.copyOf(warnings)));
        });
    }

    private static final String CHAT = ModelFallbacks.CHAT;

    /**
     * The image parts a forgotten file can be uploaded again into: those of the request as checked. A fallback
     * model's request is a copy, whose parts already name the files the gateway uploaded; it is sent as it is.
     */
    private static List<JsonImagePart> imagesFor(Checked checked, String model) {
        return model.equals(checked.model()) ? checked.images() : List.of();
    }

    /**
     * The checked request as {@code model} gets it: unchanged for the requested model; for a fallback, a copy naming
     * it, without {@code detail} when it does not take it (rule 7).
     */
    private ObjectNode requestFor(Checked checked, String model) {
        if (model.equals(checked.model())) {
            return checked.request();
        }
        ObjectNode copy = checked.request().deepCopy();
        copy.put("model", model);
        if (!rules.takesDetail(model)) {
            boolean dropped = false;
            for (JsonNode message : copy.path("messages")) {
                for (JsonNode part : message.path("content")) {
                    if (part.path("image_url").isObject() && ((ObjectNode) part.get("image_url")).remove("detail") != null) {
                        dropped = true;
                    }
                }
            }
            if (dropped) {
                rules.detailIgnored(model, checked.answering()::warn);
            }
        }
        return copy;
    }

    private static String checkedModel(ObjectNode request) {
        JsonNode model = request.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "model", "'model' is required: name an image-capable"
                    + " model from GET /v1/models.");
        }
        return model.asText();
    }

    private ArrayNode checkedMessages(ObjectNode request) {
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "messages", "'messages' must be a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            rules.role(messages.get(i), "messages[" + i + "]");
        }
        return (ArrayNode) messages;
    }

    /** Checks the parts of one message; its images are checked by the Unis added to {@code images}. */
    private void checkParts(JsonNode message, String field, boolean takesDetail, AtomicBoolean detailGiven,
            Consumer<String> warnings, List<Uni<JsonImagePart>> images) {
        JsonNode content = message.get("content");
        if (content == null || !content.isArray()) {
            return;
        }
        rules.partCount(content.size(), field + ".content");
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partField = field + ".content[" + j + "]";
            switch (part.path("type").asText()) {
                case "image_url" -> {
                    ObjectNode imagePart = (ObjectNode) part;
                    // prepare() checks the part at once and works on it only when subscribed: detail is as sent
                    images.add(imageParts.prepare(imagePart, partField + ".image_url", images.size(), takesDetail,
                            warnings));
                    if (ImageParts.detail(imagePart, partField + ".image_url") != null) {
                        detailGiven.set(true);
                    }
                }
                case "input_file" -> {
                    if (!part.path("input_file").path("file_id").isTextual()) {
                        throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, partField + ".input_file.file_id",
                                "An input_file part needs a 'file_id' from the Files API.");
                    }
                    RouterFile.checkedId(part.path("input_file").path("file_id").asText(),
                            partField + ".input_file.file_id");
                }
                case "text" -> {
                    // passed on as written
                }
                default -> throw GatewayProblem.of(ErrorCode.UNSUPPORTED_PART, partField + ".type", "Part type '"
                        + ChatFields.printable(part.path("type").asText()) + "' is not passed to the router by this"
                        + " gateway; use " + String.join(", ", ChatFields.PART_TYPES.stream().sorted().toList()) + ".");
            }
        }
    }

    private String openAiError(GatewayProblem problem) {
        try {
            return json.writeValueAsString(new OpenAiError.Body(OpenAiError.of(problem)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an error of four strings is always writable", e);
        }
    }
}
