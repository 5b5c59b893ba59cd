package dev.visiongateway.vision;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.image.RouterFile;

/**
 * An {@code image_url} part inside a JSON message the gateway forwards as the client wrote it (an operation's
 * {@code history} turn, a {@code /v1/chat/completions} message), and what the intake made of its image. The part
 * already carries the image as it will be sent; a backend that must fit the router's body limit, or reuses files,
 * may turn it into an {@code input_file} part in place.
 */
public record JsonImagePart(String field, ObjectNode part, PreparedImage image) {

    /** The data URL the part sends, while it sends one (not a remote URL, nor a file id yet). */
    public ImageContent.DataUrl inline() {
        return "image_url".equals(part.path("type").asText()) && image.content() instanceof ImageContent.DataUrl data
                ? data
                : null;
    }

    /** Sends the image as a file of the router's Files API from now on. */
    public void sendAsFile(RouterFile file) {
        part.removeAll();
        part.put("type", "input_file");
        part.putObject("input_file").put("file_id", file.fileId()).put("mime_type", file.mimeType());
    }

    /** Whether the part was turned into a file by the gateway. */
    public boolean sentAsFile() {
        return "input_file".equals(part.path("type").asText());
    }
}
