package dev.visiongateway.access;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-key budgets counted in this replica's memory (docs/ARCHITECTURE.md rule 16): requests and images in fixed
 * one-minute windows, and streams open at once. The only counters of a single replica, and every replica's own while
 * the shared ones in Redis cannot be reached.
 * <p>
 * Not Bucket4j: its buckets would count here, but the shared counters are a Lua script on Quarkus's reactive Redis
 * client, which Bucket4j does not drive (it brings Lettuce, Redisson or Jedis, a second Redis client and pool), and a
 * replica that falls back from Redis to these counters must keep the same windows, headers and refunds: a refund
 * goes back only to the window it was taken from, where {@code Bucket.addTokens} would credit the current one.
 */
final class LocalLimits {

    /** A counter for one key and one minute; a new minute starts a new counter. */
    private record Window(long minute, AtomicInteger used) {
    }

    private final RateLimitsConfig config;
    private final Clock clock;
    private final ConcurrentMap<String, Window> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Window> images = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> streams = new ConcurrentHashMap<>();

    LocalLimits(RateLimitsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Counts one request of {@code key}; over its limit, a 429 problem with Retry-After. */
    RateLimits.Standing request(String key) {
        return charge(requests, key, 1, config.requestsPerMinute(key), "requests");
    }

    /** Counts {@code count} images of {@code key}'s request; over its limit, a 429 problem, nothing counted. */
    RateLimits.Standing images(String key, int count) {
        return charge(images, key, count, config.imagesPerMinute(key), "images");
    }

    /** Gives back images counted in the window that began at {@code minute}; an ended window keeps its count. */
    void refundImages(String key, long minute, int count) {
        Window window = images.get(key);
        if (window != null && window.minute() == minute) {
            window.used().updateAndGet(used -> Math.max(0, used - count));
        }
    }

    /** A slot among {@code key}'s open streams; at the limit, a 429 problem. */
    RateLimits.StreamSlot openStream(String key) {
        int limit = config.concurrentStreams(key);
        AtomicInteger open = streams.computeIfAbsent(key, ignored -> new AtomicInteger());
        if (open.incrementAndGet() > limit) {
            open.decrementAndGet();
            throw RateLimits.tooManyStreams(key, limit);
        }
        return new RateLimits.StreamSlot(open::decrementAndGet);
    }

    private RateLimits.Standing charge(ConcurrentMap<String, Window> windows, String key, int count, int limit,
            String what) {
        long now = clock.millis();
        long minute = now / 60_000;
        long resetSeconds = RateLimits.resetSeconds(now);
        Window window = windows.compute(key, (ignored, old) -> old == null || old.minute() != minute
                ? new Window(minute, new AtomicInteger())
                : old);
        int used;
        do {
            used = window.used().get();
            if (used + count > limit) {
                throw RateLimits.overLimit(key, used, count, limit, what, resetSeconds);
            }
        } while (!window.used().compareAndSet(used, used + count));
        return new RateLimits.Standing(limit, limit - used - count, resetSeconds, minute);
    }
}
