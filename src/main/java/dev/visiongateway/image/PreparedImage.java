package dev.visiongateway.image;

/** A request image ready for its backend: what it is sent as, the detail asked for it, and what the client is told. */
public record PreparedImage(ImageReport report, ImageContent content, Detail detail) {
}
