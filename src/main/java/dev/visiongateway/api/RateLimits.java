package dev.visiongateway.api;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Per-key budgets (docs/ARCHITECTURE.md rule 16): requests and images in fixed one-minute windows, and streams open at
 * once. Counted in this replica's memory.
 */
@ApplicationScoped
public class RateLimits {

    /** Where a key stands in the current window, for the {@code RateLimit-*} headers. */
    public record Standing(int limit, int remaining, long resetSeconds) {
    }

    /** A streamed answer's place among the key's open streams; closing it twice is harmless. */
    public static final class StreamSlot implements AutoCloseable {

        private final AtomicInteger open;
        private final AtomicBoolean closed = new AtomicBoolean();

        private StreamSlot(AtomicInteger open) {
            this.open = open;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        }

        /** {@code start}, giving the slot back if it fails or is cancelled (its stream then never runs). */
        public <T> Uni<T> heldBy(Uni<T> start) {
            return start.onFailure().invoke(this::close).onCancellation().invoke(this::close);
        }

        /** {@code stream}, giving the slot back when it ends, however it ends. */
        public <T> Multi<T> heldBy(Multi<T> stream) {
            return stream.onTermination().invoke(this::close);
        }
    }

    /** A counter for one key and one minute; a new minute starts a new counter. */
    private record Window(long minute, AtomicInteger used) {
    }

    private final RateLimitsConfig config;
    private final Clock clock;
    private final ConcurrentMap<String, Window> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Window> images = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> streams = new ConcurrentHashMap<>();

    @Inject
    RateLimits(RateLimitsConfig config) {
        this(config, Clock.systemUTC());
    }

    RateLimits(RateLimitsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Counts one request of {@code key}; over its limit, a 429 problem with Retry-After. */
    public Standing request(String key) {
        return charge(requests, key, 1, config.requestsPerMinute(key), "requests");
    }

    public int requestLimit(String key) {
        return config.requestsPerMinute(key);
    }

    /** Counts {@code count} images of {@code key}'s request; over its limit, a 429 problem, nothing counted. */
    public Standing images(String key, int count) {
        return charge(images, key, count, config.imagesPerMinute(key), "images");
    }

    /**
     * Gives back what {@link #images} counted for a request that was then refused (a client fault), so that only
     * images that went to a model are paid for; a window that has ended by then keeps its count.
     */
    public void refundImages(String key, int count) {
        Window window = images.get(key);
        if (window != null && window.minute() == clock.millis() / 60_000) {
            window.used().updateAndGet(used -> Math.max(0, used - count));
        }
    }

    /** A slot among {@code key}'s open streams, to close when the stream ends; at the limit, a 429 problem. */
    public StreamSlot openStream(String key) {
        int limit = config.concurrentStreams(key);
        AtomicInteger open = streams.computeIfAbsent(key, ignored -> new AtomicInteger());
        if (open.incrementAndGet() > limit) {
            open.decrementAndGet();
            throw new GatewayProblem(ErrorCode.RATE_LIMITED, "Key '" + key + "' has " + limit + " streamed answers"
                    + " open, its limit; wait for one to end.", null, Duration.ofSeconds(1));
        }
        return new StreamSlot(open);
    }

    private Standing charge(ConcurrentMap<String, Window> windows, String key, int count, int limit, String what) {
        long now = clock.millis();
        long minute = now / 60_000;
        long resetSeconds = Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000);
        Window window = windows.compute(key, (ignored, old) -> old == null || old.minute() != minute
                ? new Window(minute, new AtomicInteger()) : old);
        int used;
        do {
            used = window.used().get();
            if (used + count > limit) {
                throw new GatewayProblem(ErrorCode.RATE_LIMITED, "Key '" + key + "' has used " + used + " of its "
                        + limit + " " + what + " per minute" + (count > 1 ? " and this request has " + count : "")
                        + "; the window resets in " + resetSeconds + " s.", null, Duration.ofSeconds(resetSeconds));
            }
        } while (!window.used().compareAndSet(used, used + count));
        return new Standing(limit, limit - used - count, resetSeconds);
    }

    /** The key's spending for one request: its stream slot, if it streams, and its images, given back if refused. */
    public Spending spend(String key, int images, boolean streams) {
        StreamSlot slot = streams ? openStream(key) : null;
        try {
            images(key, images);
        } catch (GatewayProblem overLimit) {
            if (slot != null) {
                slot.close();
            }
            throw overLimit;
        }
        return new Spending(this, key, images, slot);
    }

    /** What one request took from its key's budgets. */
    public record Spending(RateLimits limits, String key, int images, StreamSlot slot) {

        /** {@code work}, giving the images back if it fails with a client fault (nothing reached a model). */
        public <T> Uni<T> refundedOnRefusal(Uni<T> work) {
            return work.onFailure(failure -> failure instanceof GatewayProblem problem && problem.status() >= 400
                    && problem.status() < 500).invoke(() -> limits.refundImages(key, images));
        }
    }
}
