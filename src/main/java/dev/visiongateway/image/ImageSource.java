package dev.visiongateway.image;

import java.net.URI;

/** Where the bytes of one request image come from, once the request has been checked. */
public sealed interface ImageSource {

    /** The source kind reported to the client: {@code url}, {@code data}, {@code upload} or {@code file}. */
    String kind();

    /** An https (or, where allowed, http) URL. */
    record Remote(URI url) implements ImageSource {
        @Override
        public String kind() {
            return "url";
        }
    }

    /** Bytes that came with the request, as a {@code data:} URL ({@code kind = data}) or an upload. */
    record Inline(String kind, byte[] bytes, String declaredType, ImageFormat format) implements ImageSource {
    }

    /** A file already in the router's Files API. */
    record File(String fileId, String mimeType) implements ImageSource {
        @Override
        public String kind() {
            return "file";
        }
    }
}
