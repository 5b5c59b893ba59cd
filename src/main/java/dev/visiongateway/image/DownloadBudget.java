package dev.visiongateway.image;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * The downloaded bytes all requests hold at once (docs/ARCHITECTURE.md rule 4): a download takes its share chunk
 * by chunk as the bytes arrive and gives it back when its image has been prepared or has failed, so that many
 * URLs in one or many small requests cannot fill the heap.
 */
@ApplicationScoped
public class DownloadBudget {

    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    DownloadBudget(FetchConfig config) {
        this.capacity = config.inFlightBytesOrDefault();
    }

    /** A share for one download, given back whole by {@link Lease#close()}, however the download ends. */
    public Lease lease() {
        return new Lease();
    }

    public final class Lease implements AutoCloseable {

        private final AtomicLong taken = new AtomicLong();
        private volatile boolean closed;

        /** Takes {@code bytes} more, or fails with 503 when that would pass the budget. */
        void take(long bytes, String field) {
            if (closed) {
                throw new IllegalStateException("a closed lease takes nothing");
            }
            DownloadBudget.this.take(bytes, field);
            taken.addAndGet(bytes);
        }

        @Override
        public void close() {
            closed = true;
            giveBack(taken.getAndSet(0));
        }
    }

    private void take(long bytes, String field) {
        long now;
        do {
            now = held.get();
            if (now + bytes > capacity) {
                throw new GatewayProblem(ErrorCode.IMAGES_BUSY, "The gateway is downloading many images right now;"
                        + " retry in a moment.", field, Duration.ofSeconds(2));
            }
        } while (!held.compareAndSet(now, now + bytes));
    }

    private void giveBack(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes held now, for tests and diagnostics. */
    public long held() {
        return held.get();
    }
}
