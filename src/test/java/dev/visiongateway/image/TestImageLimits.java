package dev.visiongateway.image;

import java.time.Duration;

/** {@link ImageLimits} with the documented defaults but for the given three, for tests and benchmarks without Quarkus. */
record TestImageLimits(long maxBytes, int concurrentDecodes, Duration decodeQueueTimeout) implements ImageLimits {

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
}
