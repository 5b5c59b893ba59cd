package dev.visiongateway.image;

import java.nio.file.Path;

/** An image posted as a {@code multipart/form-data} file part, already spooled to disk by the HTTP layer. */
public record UploadedImage(Path file, String fileName, String contentType, long size) {
}
