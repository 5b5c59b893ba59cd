package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.EnumChoice;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.OpenAiError;
import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.image.ImageIntake;
import dev.visiongateway.image.ImageLimits;
import dev.visiongateway.image.RouterFile;
import dev.visiongateway.local.LocalModels;
import dev.visiongateway.upstream.RouterBackend;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Applies the operations' rules to an OpenAI-shaped chat request while keeping the rest as the client sent it: only
 * allowed fields, roles and part types, within bounds ({@link ChatFields}); the model checked against the catalog,
 * at most 16 parts per message, every {@code image_url} checked like an operation's image, {@code detail} kept only
 * for models that take it, {@code input_file} parts complete.
 */
@ApplicationScoped
public class ChatCompletions {

    /** The request to forward, and what the gateway changed in it. */
    public record Checked(ObjectNode request, boolean stream, List<String> warnings) {
    }

    private final ModelCatalog catalog;
    private final ImageIntake intake;
    private final ModelDefaults defaults;
    private final ImageLimits limits;

    private final RouterBackend router;
    private final ObjectMapper json;

    ChatCompletions(ModelCatalog catalog, ImageIntake intake, ModelDefaults defaults, ImageLimits limits,
            RouterBackend router, ObjectMapper json) {
        this.catalog = catalog;
        this.intake = intake;
        this.defaults = defaults;
        this.limits = limits;
        this.router = router;
        this.json = json;
    }

    /** The router's answer, unchanged. */
    public Uni<ObjectNode> complete(Checked checked) {
        return router.completeJson(checked.request());
    }

    /**
     * The router's {@code chat.completion.chunk} events, unchanged, then {@code [DONE]}; a failure after the first
     * event becomes an OpenAI-style {@code error} event, which OpenAI clients raise as an error.
     */
    public Multi<String> stream(Checked checked) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean started = new AtomicBoolean();
            return router.streamJson(checked.request())
                    .map(chunk -> {
                        started.set(true);
                        return chunk.toString();
                    })
                    .onCompletion().continueWith("[DONE]")
                    .onFailure(failure -> started.get())
                    .recoverWithItem(failure -> openAiError(GatewayProblem.of(failure)));
        });
    }

    public Uni<Checked> check(ObjectNode request) {
        return Uni.createFrom().deferred(() -> {
            String named = request.path("model").asText("");
            if (LocalModels.isLocal(named)) {
                throw GatewayProblem.of(ErrorCode.MODEL_NOT_FOR_OPERATION, "model", "Model '" + named + "' runs on"
                        + " the gateway's offline engine, which answers /v1/describe, /v1/compare and /v1/ocr, not chat.");
            }
            if (!router.configured()) {
                throw Backends.routerNotConfigured(String.valueOf(request.path("model").asText(null)));
            }
            String model = checkedModel(request);
            ChatFields.check(request);
            ArrayNode messages = checkedMessages(request);
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            return catalog.verify(model, "model")
                    .invoke(warnings::addAll)
                    .flatMap(ignored -> {
                        boolean takesDetail = defaults.takesDetail(model);
                        List<Uni<Void>> images = new ArrayList<>();
                        for (int i = 0; i < messages.size(); i++) {
                            checkParts(messages.get(i), "messages[" + i + "]", takesDetail, model, warnings::add,
                                    images);
                        }
                        if (images.size() > limits.maxImages()) {
                            throw GatewayProblem.of(ErrorCode.TOO_MANY_IMAGES, "messages", "The request has "
                                    + images.size() + " images; at most " + limits.maxImages() + " are accepted.");
                        }
                        return images.isEmpty() ? Uni.createFrom().voidItem()
                                : intake.inTurn(images).replaceWithVoid();
                    })
                    .map(ignored -> new Checked(request, request.path("stream").asBoolean(false),
                            List.copyOf(warnings)));
        });
    }

    private static String checkedModel(ObjectNode request) {
        JsonNode model = request.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "model", "'model' is required: name an image-capable"
                    + " model from GET /v1/models.");
        }
        return model.asText();
    }

    private static ArrayNode checkedMessages(ObjectNode request) {
        JsonNode messages = request.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "messages", "'messages' must be a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).isObject() || !messages.get(i).path("role").isTextual()) {
                throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "messages[" + i + "].role",
                        "Each message must be an object with a 'role'.");
            }
            if (!ChatFields.ROLES.contains(messages.get(i).path("role").asText())) {
                throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "messages[" + i + "].role", "Role '"
                        + ChatFields.printable(messages.get(i).path("role").asText()) + "' is not one of "
                        + String.join(", ", ChatFields.ROLES.stream().sorted().toList()) + ".");
            }
        }
        return (ArrayNode) messages;
    }

    /** Checks the parts of one message; its images are checked by the Unis added to {@code images}. */
    private void checkParts(JsonNode message, String field, boolean takesDetail, String model,
            Consumer<String> warnings, List<Uni<Void>> images) {
        JsonNode content = message.get("content");
        if (content == null || !content.isArray()) {
            return;
        }
        if (content.size() > limits.maxPartsPerMessage()) {
            throw GatewayProblem.of(ErrorCode.TOO_MANY_PARTS, field + ".content", "The message has " + content.size()
                    + " content parts; the router takes at most " + limits.maxPartsPerMessage() + " per message.");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partField = field + ".content[" + j + "]";
            switch (part.path("type").asText()) {
                case "image_url" -> images.add(checkImage((ObjectNode) part, partField + ".image_url", images.size(),
                        takesDetail, model, warnings));
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

    /** Checks one image part; {@code index} counts the request's images, for messages that say "Image N". */
    private Uni<Void> checkImage(ObjectNode part, String field, int index, boolean takesDetail, String model,
            Consumer<String> warnings) {
        JsonNode imageUrl = part.get("image_url");
        String url = imageUrl == null ? null : imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText(null);
        if (url == null) {
            throw GatewayProblem.of(ErrorCode.INVALID_IMAGE, field + ".url", "An image_url part needs a 'url'.");
        }
        Detail detail = detail(imageUrl.path("detail"), field + ".detail");
        if (detail != null && !takesDetail) {
            warnings.accept("'" + field + ".detail' was dropped: model " + model + " does not take it.");
        }
        return intake.prepare(field, index, new ImageInput(url, null, null, detail), null, false, warnings)
                .invoke(image -> {
                    ObjectNode normalized = part.putObject("image_url").put("url", image.url());
                    if (detail != null && takesDetail) {
                        normalized.put("detail", detail.wire());
                    }
                })
                .replaceWithVoid();
    }

    private static Detail detail(JsonNode value, String field) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return EnumChoice.parse(Detail.class, value.asText(), field);
    }

    private String openAiError(GatewayProblem problem) {
        try {
            return json.writeValueAsString(new OpenAiError.Body(OpenAiError.of(problem)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an error of four strings is always writable", e);
        }
    }
}
