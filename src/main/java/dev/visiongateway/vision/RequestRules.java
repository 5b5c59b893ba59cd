package dev.visiongateway.vision;

import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.catalog.ModelDefaults;
import dev.visiongateway.image.ImageLimits;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * The rules both front doors apply, {@code /v1/{describe,compare,ocr}} and {@code /v1/chat/completions}, in one
 * place, so that one rule gives one code and one message whichever door a request came through
 * (docs/ARCHITECTURE.md rules 1, 2 and 7).
 */
@ApplicationScoped
public class RequestRules {

    private final ImageLimits limits;
    private final ModelDefaults models;

    RequestRules(ImageLimits limits, ModelDefaults models) {
        this.limits = limits;
        this.models = models;
    }

    /** At least one image and at most {@code gateway.images.max-images}; {@code field} holds the images. */
    public void imageCount(int count, String field) {
        if (count == 0) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, field, "'" + field + "' must hold at least one image.");
        }
        notTooManyImages(count, field);
    }

    /** At most {@code gateway.images.max-images}, for a chat that may hold none. */
    public void notTooManyImages(int count, String field) {
        if (count > limits.maxImages()) {
            throw GatewayProblem.of(ErrorCode.TOO_MANY_IMAGES, field, "The request has " + count + " images; at most "
                    + limits.maxImages() + " are accepted per request.");
        }
    }

    /** Compare needs two images to compare. */
    public void enoughToCompare(int count, String field) {
        if (count < 2) {
            throw GatewayProblem.of(ErrorCode.TOO_FEW_IMAGES, field, "Compare needs at least 2 images; " + count
                    + " given.");
        }
    }

    /** The parts of one message: at most the router's {@code gateway.images.max-parts-per-message}. */
    public void partCount(int parts, String field) {
        if (parts > limits.maxPartsPerMessage()) {
            throw GatewayProblem.of(ErrorCode.TOO_MANY_PARTS, field, "The message has " + parts
                    + " content parts; the router takes at most " + limits.maxPartsPerMessage() + " per message.");
        }
    }

    /** A message's {@code role}: one of the roles the router knows. */
    public void role(JsonNode message, String field) {
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual() || !ChatFields.ROLES.contains(role.asText())) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, field + ".role", "Each message needs a 'role' of "
                    + String.join(", ", ChatFields.ROLES.stream().sorted().toList()) + (role == null ? "."
                            : "; got '" + ChatFields.printable(role.asText()) + "'."));
        }
    }

    /** The earlier turns an operation sends before its images, each a message with a known role and few parts. */
    public void history(List<? extends JsonNode> turns) {
        for (int i = 0; i < turns.size(); i++) {
            String field = "history[" + i + "]";
            JsonNode turn = turns.get(i);
            role(turn, field);
            JsonNode content = turn.get("content");
            if (content != null && content.isArray()) {
                partCount(content.size(), field + ".content");
            }
        }
    }

    /** Whether {@code model} takes the {@code detail} hint: the router documents it for OpenAI models only. */
    public boolean takesDetail(String model) {
        return models.takesDetail(model);
    }

    /** The warning for a {@code detail} that {@code model} does not take, once per request. */
    public void detailIgnored(String model, Consumer<String> warnings) {
        warnings.accept("'detail' was ignored: model " + model + " does not take it (only OpenAI models do).");
    }
}
