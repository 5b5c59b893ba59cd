package dev.visiongateway.image;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.api.GatewayProblem;

/**
 * Bounds how many images are decoded at once, so that many large uploads together cannot exhaust the heap:
 * a request waits briefly for a permit, then gets 503 with Retry-After.
 */
@ApplicationScoped
public class ImagePermits {

    private final Semaphore permits;
    private final ImageLimits limits;

    ImagePermits(ImageLimits limits) {
        this.limits = limits;
        this.permits = new Semaphore(limits.concurrentDecodes(), true);
    }

    /** Runs {@code work} under a permit; blocks, so call it on a worker thread. */
    public <T> T run(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(limits.decodeQueueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new GatewayProblem(503, "images_busy", "The gateway is processing many images right now; retry"
                    + " in a moment.", null, java.time.Duration.ofSeconds(2));
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
