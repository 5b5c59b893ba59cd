package dev.visiongateway.vision;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.visiongateway.image.Detail;
import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageInput;
import dev.visiongateway.image.ImageIntake;
import dev.visiongateway.image.ImagePreparation;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.problem.EnumChoice;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.smallrye.mutiny.Uni;

/**
 * One {@code image_url} part of a JSON message (a chat completions message, an operation's history turn) through the
 * intake like any image (docs/ARCHITECTURE.md rules 3-7): checked, normalized for the router and written back in
 * place, its {@code detail} kept only where the model takes it.
 */
@ApplicationScoped
class ImageParts {

    private final ImageIntake intake;

    ImageParts(ImageIntake intake) {
        this.intake = intake;
    }

    /** The part's {@code detail}, checked; null when it names none. A bad value fails at once, before any work. */
    static Detail detail(ObjectNode part, String field) {
        JsonNode value = part.path("image_url").path("detail");
        return value.isMissingNode() || value.isNull() ? null
                : EnumChoice.parse(Detail.class, value.asText(), field + ".detail");
    }

    /** {@code index} counts the request's images, for messages that say "Image N". */
    Uni<JsonImagePart> prepare(ObjectNode part, String field, int index, boolean takesDetail,
            Consumer<String> warnings) {
        JsonNode imageUrl = part.get("image_url");
        JsonNode url = imageUrl == null ? null : imageUrl.isTextual() ? imageUrl : imageUrl.get("url");
        if (url == null || url.isNull() || url.isMissingNode()) {
            throw GatewayProblem.of(ErrorCode.INVALID_IMAGE, field + ".url", "An image_url part needs a 'url'.");
        }
        Detail detail = detail(part, field);
        // a data URL the request reader kept as the client's bytes stays bytes on its way to the router
        Uni<PreparedImage> prepared = url instanceof DataUrlNode data
                ? intake.prepare(field, index, data.url(), detail, ImagePreparation.NORMALIZED, warnings)
                : intake.prepare(field, index, new ImageInput(url.asText(), null, null, detail), null,
                        ImagePreparation.NORMALIZED, warnings);
        return prepared.map(image -> {
            ObjectNode sent = part.putObject("image_url").set("url", sentUrl(image.content()));
            if (detail != null && takesDetail) {
                sent.put("detail", detail.wire());
            }
            return new JsonImagePart(field, part, image);
        });
    }

    /** Prepared NORMALIZED, an image is a data URL, or a remote URL passed through. */
    private static JsonNode sentUrl(ImageContent content) {
        if (content instanceof ImageContent.DataUrl data) {
            return new DataUrlNode(data.url());
        }
        if (content instanceof ImageContent.RemoteUrl remote) {
            return TextNode.valueOf(remote.url());
        }
        throw new IllegalStateException("an image_url part was prepared as " + content.getClass().getSimpleName());
    }
}
