package dev.visiongateway.image;

import jakarta.validation.constraints.Size;

/**
 * One image of a request: either {@code url} (https or {@code data:}) or {@code file_id} (from the router's Files
 * API, with its {@code mime_type}), and an optional {@code detail} that overrides the request-wide one.
 */
public record ImageInput(
        @Size(max = 30_000_000, message = "must be at most 30,000,000 characters (upload big images as multipart)")
        String url,
        @Size(max = 256) String fileId,
        @Size(max = 100) String mimeType,
        Detail detail) {
}
