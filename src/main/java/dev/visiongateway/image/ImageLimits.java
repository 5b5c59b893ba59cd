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

    /** Largest image accepted, in bytes, as a data URL or a download (uploads: {@code gateway.uploads.max-file-bytes}). */
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
     * Images decoded and encoded at the same time (CPU-bound; the pod has one CPU). Each also holds its share of the
     * decode budget ({@code decode-heap-share}) while it works.
     */
    @WithDefault("2")
    int concurrentDecodes();

    /**
     * How long an image waits for a decode permit before its request gets 503 with Retry-After. Four forms of six
     * phone photos at once queue 24 decodes of some 0.4 s each behind two permits: at 2 s, half of them were refused
     * after their 34 MB had been uploaded (bench/phone-photos), and a client sends them again.
     */
    @WithDefault("10s")
    Duration decodeQueueTimeout();

    /**
     * Share (0-1) of the maximum heap ({@code Runtime.maxMemory()}, set by -Xmx) that image decodes may hold at
     * once. Each decode is charged its estimate (decoded pixels x bytes per pixel, the copies normalizing makes,
     * and what its decoder holds for the whole image: a progressive JPEG's coefficients, a WebP's frame); the
     * rest of the heap is left to request bodies and the service. With the pod's -Xmx192m and Parallel GC,
     * {@code maxMemory()} is 184 MiB: a budget of about 96 MB.
     */
    @WithDefault("0.5")
    double decodeHeapShare();

    /**
     * Longest one decode may run. A decoder still reading at its deadline has its input fail and is aborted,
     * so a file made to keep a decoder busy costs at most this much CPU.
     */
    @WithDefault("10s")
    Duration decodeTimeout();
}
