package dev.visiongateway.image;

import java.time.Duration;

/** {@link ImageLimits} with the documented defaults but for the given ones, for tests and benchmarks without Quarkus. */
public record TestImageLimits(long maxBytes, int concurrentDecodes, Duration decodeQueueTimeout, Duration decodeTimeout)
        implements
            ImageLimits {

    public TestImageLimits(long maxBytes, int concurrentDecodes, Duration decodeQueueTimeout) {
        this(maxBytes, concurrentDecodes, decodeQueueTimeout, Duration.ofSeconds(10));
    }

    @Override
    public int maxImages() {
        return 30;
    }

    @Override
    public int maxPartsPerMessage() {
        return 16;
    }

    @Override
    public long maxPixels() {
        return 50_000_000;
    }

    @Override
    public int maxSide() {
        return 2048;
    }

    @Override
    public long maxSentBytes() {
        return 5_000_000;
    }

    @Override
    public float jpegQuality() {
        return 0.85f;
    }

    @Override
    public double decodeHeapShare() {
        return 0.5;
    }
}
