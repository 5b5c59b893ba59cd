package dev.visiongateway.image;

/** An image already in the router's Files API, sent as an {@code input_file} part. */
public record RouterFile(String fileId, String mimeType) {
}
