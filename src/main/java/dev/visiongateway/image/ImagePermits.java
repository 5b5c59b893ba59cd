package dev.visiongateway.image;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * Bounds how many images are decoded and encoded at once ({@code concurrent-decodes}: the work is CPU-bound and
 * the pod has one CPU): a request waits briefly for a permit, then gets 503 with Retry-After. Memory is bounded
 * by the {@link DecodeBudget} that each decode also charges, inside its permit.
 */
@ApplicationScoped
public class ImagePermits {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final Semaphore permits;
    private final ImageLimits limits;

    public ImagePermits(ImageLimits limits) {
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
            throw busy();
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    /** The refusal when images are waiting for a permit or for the decode budget. */
    static GatewayProblem busy() {
        return new GatewayProblem(ErrorCode.IMAGES_BUSY, "The gateway is processing many images right now; retry"
                + " in a moment.", null, RETRY_AFTER);
    }
}
