package dev.visiongateway.image;

import jakarta.validation.constraints.Size;

/**
 * One image of a request: either {@code url} (https or {@code data:}) or {@code file_id} (from the router's Files
 * API, with its {@code mime_type}), an optional {@code detail} that overrides the request-wide one, and
 * {@code reuse}: send the image by a file id of the router's Files API, uploaded once, whatever its size.
 */
public record ImageInput(
        @Size(max = 30_000_000, message = "must be at most 30,000,000 characters (upload big images as multipart)") String url,
        @Size(max = 256) String fileId,
        @Size(max = 100) String mimeType,
        Detail detail,
        Boolean reuse) {

    public ImageInput(String url, String fileId, String mimeType, Detail detail) {
        this(url, fileId, mimeType, detail, null);
    }
}
