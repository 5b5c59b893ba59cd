package dev.visiongateway.image;

/** How a prepared image reaches its backend. */
public sealed interface ImageContent {

    /** The image itself, for an engine that decodes it ({@link ImagePreparation#AS_SENT}). */
    record Bytes(byte[] bytes, ImageFormat format) implements ImageContent {
    }

    /**
     * An uploaded file, checked, left where the HTTP layer spooled it until the engine reads it: the images of a
     * form may hold far more bytes than the heap ({@link ImagePreparation#AS_SENT}).
     */
    record Spooled(java.nio.file.Path file, ImageFormat format) implements ImageContent {
    }

    /** A {@code data:} URL, ready for a chat message: the client's own bytes when the image needed no change. */
    record DataUrl(DataUrlText url) implements ImageContent {
    }

    /** A remote URL the router fetches itself ({@code gateway.fetch.mode=pass-through}). */
    record RemoteUrl(String url) implements ImageContent {
    }

    /** An image already in the router's Files API. */
    record StoredFile(RouterFile file) implements ImageContent {
    }

    /**
     * An image the gateway uploaded in an earlier request, sent by the file id its SHA-256 maps to. The inline
     * image stays at hand for the one upload again if the router has forgotten the file.
     */
    record ReusedFile(RouterFile file, String sha256, DataUrl inline) implements ImageContent {
    }
}
