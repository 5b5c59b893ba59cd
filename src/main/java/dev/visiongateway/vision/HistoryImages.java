package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.Detail;
import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageInput;
import dev.visiongateway.image.ImageIntake;
import dev.visiongateway.image.ImagePreparation;
import dev.visiongateway.image.RouterFile;
import dev.visiongateway.problem.EnumChoice;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.smallrye.mutiny.Uni;

/**
 * The images inside an operation's {@code history} turns go through the same intake as its new images
 * (docs/ARCHITECTURE.md rules 3-7): each {@code image_url} checked, normalized and replaced in place, each
 * {@code input_file} id checked, and all of them counted against {@code max-images}. The router's backend may then
 * send them as files, like new images (rule 9).
 */
@ApplicationScoped
public class HistoryImages {

    private final ImageIntake intake;

    HistoryImages(ImageIntake intake) {
        this.intake = intake;
    }

    /** How many image parts ({@code image_url} and {@code input_file}) the turns hold. */
    public static int count(List<ObjectNode> turns) {
        int count = 0;
        for (ObjectNode turn : turns) {
            for (JsonNode part : parts(turn)) {
                String type = part.path("type").asText();
                if (type.equals("image_url") || type.equals("input_file")) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Checks and normalizes every history image for the router, replacing each {@code image_url} with what is sent;
     * {@code detail} kept only where the model takes it. The work is done a few images at a time.
     */
    public Uni<List<JsonImagePart>> prepare(List<ObjectNode> turns, boolean takesDetail, Consumer<String> warnings) {
        List<Uni<JsonImagePart>> images = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            JsonNode content = turns.get(i).get("content");
            if (content == null || !content.isArray()) {
                continue;
            }
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                String field = "history[" + i + "].content[" + j + "]";
                switch (part.path("type").asText()) {
                    case "image_url" -> images.add(image((ObjectNode) part, field + ".image_url", images.size(),
                            takesDetail, warnings));
                    case "input_file" -> RouterFile.checkedId(part.path("input_file").path("file_id").asText(null),
                            field + ".input_file.file_id");
                    default -> {
                        // text and anything else pass as the client wrote them
                    }
                }
            }
        }
        return intake.inTurn(images);
    }

    private Uni<JsonImagePart> image(ObjectNode part, String field, int index, boolean takesDetail, Consumer<String> warnings) {
        JsonNode imageUrl = part.get("image_url");
        String url = imageUrl == null ? null : imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText(null);
        if (url == null) {
            throw GatewayProblem.of(ErrorCode.INVALID_IMAGE, field + ".url", "An image_url part needs a 'url'.");
        }
        JsonNode detailNode = imageUrl.path("detail");
        Detail detail = detailNode.isMissingNode() || detailNode.isNull() ? null
                : EnumChoice.parse(Detail.class, detailNode.asText(), field + ".detail");
        return intake.prepare(field, index, new ImageInput(url, null, null, detail), null, ImagePreparation.NORMALIZED,
                        warnings)
                .map(image -> {
                    ObjectNode sent = part.putObject("image_url").put("url", sentUrl(image.content()));
                    if (detail != null && takesDetail) {
                        sent.put("detail", detail.wire());
                    }
                    return new JsonImagePart(field, part, image);
                });
    }

    /** History images are prepared NORMALIZED: a data URL, or a remote URL passed through. */
    private static String sentUrl(ImageContent content) {
        if (content instanceof ImageContent.DataUrl data) {
            return data.url();
        }
        if (content instanceof ImageContent.RemoteUrl remote) {
            return remote.url();
        }
        throw new IllegalStateException("a history image was prepared as " + content.getClass().getSimpleName());
    }

    private static Iterable<JsonNode> parts(JsonNode turn) {
        JsonNode content = turn.get("content");
        return content != null && content.isArray() ? content : List.of();
    }
}
