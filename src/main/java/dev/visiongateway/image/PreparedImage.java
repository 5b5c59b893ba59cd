package dev.visiongateway.image;

import dev.visiongateway.vision.Detail;

/**
 * A request image ready to go into a chat message: how it is sent ({@code url}, a {@code data:} URL, or a file
 * id), the detail asked for it, and what the client is told about it.
 */
public record PreparedImage(ImageReport report, String url, RouterFile file, Detail detail) {

    public static PreparedImage asUrl(ImageReport report, String url, Detail detail) {
        return new PreparedImage(report, url, null, detail);
    }

    public static PreparedImage asFile(ImageReport report, RouterFile file, Detail detail) {
        return new PreparedImage(report, null, file, detail);
    }
}
