package dev.visiongateway.image;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The bytes that image decodes may hold at once: a share of the maximum heap ({@code decode-heap-share} of
 * {@code Runtime.maxMemory()}), so the budget follows the pod's -Xmx. Each decode reserves its estimate
 * ({@link DecodeCost}) before it reads a pixel and gives it back when its pixels are dropped; a decode that
 * cannot have its bytes in time is refused instead of risking an OutOfMemoryError for every request in flight.
 */
@ApplicationScoped
public class DecodeBudget {

    private final long capacity;
    private long reserved;

    @Inject
    DecodeBudget(ImageLimits limits) {
        this(Math.round(Runtime.getRuntime().maxMemory() * limits.decodeHeapShare()));
    }

    /** A budget of {@code capacity} bytes, for tests. */
    public DecodeBudget(long capacity) {
        this.capacity = capacity;
    }

    /** The most that one decode, or all of them together, may hold. */
    public long capacity() {
        return capacity;
    }

    /** Bytes held right now, for tests and logs. */
    public synchronized long reserved() {
        return reserved;
    }

    /**
     * Waits up to {@code wait} until {@code bytes} are free. Empty when they did not come free in time; a
     * request over the whole capacity never will, so callers first fit their decode to {@link #capacity()}.
     */
    public synchronized Optional<Reservation> reserve(long bytes, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (reserved + bytes > capacity) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || bytes > capacity) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
        reserved += bytes;
        return Optional.of(new Reservation(bytes));
    }

    private synchronized void release(long bytes) {
        reserved -= bytes;
        notifyAll();
    }

    /** Bytes held for one decode until closed; closing twice releases once. */
    public final class Reservation implements AutoCloseable {

        private final long bytes;
        private boolean open = true;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            synchronized (DecodeBudget.this) {
                if (open) {
                    open = false;
                    release(bytes);
                }
            }
        }
    }
}
