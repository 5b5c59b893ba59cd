package dev.visiongateway.image;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How large {@code multipart/form-data} requests may be. Their files are spooled to disk by the HTTP layer, not held
 * in the heap, and each is read and decoded by itself, shrunk to what the router is sent: a form of six photos
 * straight from a phone camera (some 37 MB) is the everyday case. JSON bodies, which live in the heap, have their
 * own, smaller limit ({@code gateway.requests.max-json-bytes}).
 */
@ConfigMapping(prefix = "gateway.uploads")
public interface UploadLimits {

    /** Largest form, all parts together; past it {@code 413 request_too_large}. Also Quarkus's body limit. */
    @WithDefault("128M")
    MemorySize maxRequestBytes();

    /** Largest file part of a form; past it {@code 413 image_too_large} at that part. */
    @WithDefault("32M")
    MemorySize maxFileBytes();
}
