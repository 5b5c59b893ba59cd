package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.ImageIntake;
import dev.visiongateway.image.RouterFile;
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
    private final ImageParts imageParts;

    HistoryImages(ImageIntake intake, ImageParts imageParts) {
        this.intake = intake;
        this.imageParts = imageParts;
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
                    case "image_url" -> images.add(imageParts.prepare((ObjectNode) part, field + ".image_url",
                            images.size(), takesDetail, warnings));
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

    private static Iterable<JsonNode> parts(JsonNode turn) {
        JsonNode content = turn.get("content");
        return content != null && content.isArray() ? content : List.of();
    }
}
