package dev.visiongateway.image;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on the images of one request and how they are normalized for the router, whose documentation
 * recommends JPEG or PNG under 5 MB with 512-2048 px a side.
 */
@ConfigMapping(prefix = "gateway.images")
public interface ImageLimits {

    /** Most images one request may carry; past 15, they are spread over consecutive user messages. */
    @WithDefault("30")
    int maxImages();

    /** Content parts the router accepts in one message; text, image and file parts all count. */
    @WithDefault("16")
    int maxPartsPerMessage();

    /** Largest image accepted, in pixels (width x height), read from the header before decoding. */
    @WithDefault("50000000")
    long maxPixels();

    /** Largest image accepted, in bytes, from any source (data URL, upload or download). */
    @WithDefault("20000000")
    long maxBytes();

    /** Longest side of an image sent to the router; larger ones are shrunk. */
    @WithDefault("2048")
    int maxSide();

    /** Largest encoded image sent to the router; larger ones are re-encoded smaller. */
    @WithDefault("5000000")
    long maxSentBytes();

    /** JPEG quality (0-1) of re-encoded photos. */
    @WithDefault("0.85")
    float jpegQuality();

    /**
     * Images decoded and encoded at the same time; each can take up to ~64 MB of heap (4096 px a side at 4 bytes
     * a pixel, plus a copy when it is turned upright), so two suit the deployed 192 MB heap.
     */
    @WithDefault("2")
    int concurrentDecodes();

    /** How long a request waits for a decode permit before it gets 503 with Retry-After. */
    @WithDefault("2s")
    Duration decodeQueueTimeout();
}
