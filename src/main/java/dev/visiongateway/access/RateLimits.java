package dev.visiongateway.access;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Per-key budgets (docs/ARCHITECTURE.md rule 16): requests and images in fixed one-minute windows, and streams open at
 * once. Counted in this replica's memory ({@link LocalLimits}), or with {@code gateway.limits.redis=true} in Redis,
 * shared by every replica ({@link SharedLimits}). While Redis cannot be reached each replica counts on its own, so a
 * Redis outage loosens the limits (by the number of replicas at most) and never fails a request.
 */
@ApplicationScoped
public class RateLimits {

    /**
     * Where a key stands in the current window, for the {@code RateLimit-*} headers; {@code minute} names the window
     * and {@code shared} where it was counted, so that a refund finds it.
     */
    public record Standing(int limit, int remaining, long resetSeconds, long minute, boolean shared) {

        Standing(int limit, int remaining, long resetSeconds, long minute) {
            this(limit, remaining, resetSeconds, minute, false);
        }
    }

    /** A streamed answer's place among the key's open streams; closing it twice is harmless. */
    public static final class StreamSlot implements AutoCloseable {

        private final Runnable release;
        private final AtomicBoolean closed = new AtomicBoolean();

        StreamSlot(Runnable release) {
            this.release = release;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release.run();
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

    private final RateLimitsConfig config;
    private final LocalLimits local;
    private final SharedLimits shared;
    /** Whether Redis answered the last shared check; only changes of it are logged. */
    private final AtomicBoolean redisAnswers = new AtomicBoolean(true);

    RateLimits(RateLimitsConfig config, SharedLimits shared) {
        this.config = config;
        this.local = new LocalLimits(config, Clock.systemUTC());
        this.shared = shared;
    }

    /** Counts one request of {@code key}; over its limit, a 429 problem with Retry-After. */
    public Uni<Standing> request(String key) {
        return counted(() -> shared.request(key), () -> local.request(key));
    }

    public int requestLimit(String key) {
        return config.requestsPerMinute(key);
    }

    /**
     * The key's spending for one request: its stream slot, if it streams, and its images, given back if refused.
     * Over a limit, a 429 problem and nothing taken.
     */
    public Uni<Spending> spend(String key, int images, boolean streams) {
        Uni<StreamSlot> slot = streams ? counted(() -> shared.openStream(key), () -> local.openStream(key))
                : Uni.createFrom().nullItem();
        return slot.flatMap(taken -> counted(() -> shared.images(key, images), () -> local.images(key, images))
                .onFailure().invoke(() -> close(taken))
                .onCancellation().invoke(() -> close(taken))
                .map(standing -> new Spending(this, key, images, standing, taken)));
    }

    private static void close(StreamSlot slot) {
        if (slot != null) {
            slot.close();
        }
    }

    /** Whether the limits are counted in Redis now (for the readiness check). */
    public boolean sharedNow() {
        return config.redis() && redisAnswers.get();
    }

    /** Whether Redis answers a ping now, for the readiness check. */
    public Uni<Boolean> redisReachable() {
        return shared.reachable().onFailure().recoverWithItem(false);
    }

    private <T> Uni<T> counted(Supplier<Uni<T>> inRedis, Supplier<T> inMemory) {
        if (!config.redis()) {
            return Uni.createFrom().item(inMemory);
        }
        return Uni.createFrom().<T> deferred(inRedis::get)
                .invoke(() -> {
                    if (redisAnswers.compareAndSet(false, true)) {
                        Log.info("Redis answers again: per-key limits are shared by every replica again.");
                    }
                })
                .onFailure(failure -> !(failure instanceof GatewayProblem)).recoverWithUni(failure -> {
                    if (redisAnswers.compareAndSet(true, false)) {
                        Log.warnf("Redis cannot be reached (%s): each replica counts the per-key limits on its own"
                                + " until it answers.", failure.toString());
                    }
                    return Uni.createFrom().item(inMemory);
                });
    }

    private void refundImages(Standing charged, String key, int count) {
        if (charged.shared()) {
            // a refund Redis misses leaves the window a little fuller than it should be, never emptier
            shared.refundImages(key, charged.minute(), count).subscribe().with(done -> {
            }, failure -> {
            });
        } else {
            local.refundImages(key, charged.minute(), count);
        }
    }

    static long resetSeconds(long nowMillis) {
        long minute = nowMillis / 60_000;
        return Math.max(1, ((minute + 1) * 60_000 - nowMillis + 999) / 1000);
    }

    static GatewayProblem overLimit(String key, int used, int count, int limit, String what, long resetSeconds) {
        return new GatewayProblem(ErrorCode.RATE_LIMITED, "Key '" + key + "' has used " + used + " of its " + limit
                + " " + what + " per minute" + (count > 1 ? " and this request has " + count : "")
                + "; the window resets in " + resetSeconds + " s.", null, Duration.ofSeconds(resetSeconds));
    }

    static GatewayProblem tooManyStreams(String key, int limit) {
        return new GatewayProblem(ErrorCode.RATE_LIMITED, "Key '" + key + "' has " + limit + " streamed answers"
                + " open, its limit; wait for one to end.", null, Duration.ofSeconds(1));
    }

    /** What one request took from its key's budgets. */
    public record Spending(RateLimits limits, String key, int images, Standing charged, StreamSlot slot) {

        /**
         * Closes the stream slot of {@code spending} once it is decided, if the stream's start was cancelled: the
         * spending is memoized, so it is decided (and its slot taken) even when the client left while it was.
         */
        public static void releaseWhenDecided(Uni<Spending> spending) {
            spending.subscribe().with(spent -> close(spent.slot()), failure -> {
                // nothing was taken
            });
        }

        /** {@code work}, giving the images back if it fails with a client fault (nothing reached a model). */
        public <T> Uni<T> refundedOnRefusal(Uni<T> work) {
            return work.onFailure(failure -> failure instanceof GatewayProblem problem && problem.status() >= 400
                    && problem.status() < 500).invoke(() -> limits.refundImages(charged, key, images));
        }
    }
}
