package dev.visiongateway.image;

/** How a prepared image reaches its backend. */
public sealed interface ImageContent {

    /** The image itself, for an engine that decodes it ({@link ImagePreparation#AS_SENT}). */
    record Bytes(byte[] bytes, ImageFormat format) implements ImageContent {
    }

    /** A {@code data:} URL, ready for a chat message: the client's own text when the image needed no change. */
    record DataUrl(String url) implements ImageContent {
    }

    /** A remote URL the router fetches itself ({@code gateway.fetch.mode=pass-through}). */
    record RemoteUrl(String url) implements ImageContent {
    }

    /** An image already in the router's Files API. */
    record StoredFile(RouterFile file) implements ImageContent {
    }
}
