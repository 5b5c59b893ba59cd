package dev.visiongateway.access;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import dev.visiongateway.problem.GatewayProblem;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Per-key budgets in Redis, shared by every replica (docs/ARCHITECTURE.md rule 16): each check is one Lua script, so
 * that reading and counting are atomic however many pods count at once. Windows are keyed by the minute of the
 * replica's clock (pods run NTP; a few milliseconds at a minute's edge do not matter), which keeps each script on the
 * keys it is given, as Redis Cluster requires. Open streams are leases in a sorted set: a pod that dies holding
 * some frees them when their lease ends.
 *
 * <p>
 * Redis must answer fast or not at all: each script waits at most 250 ms, and after repeated failures the
 * breaker skips Redis for 5 s ({@code SharedLimits/eval/CircuitBreaker/delay}); {@link RateLimits} then counts in
 * memory.
 */
@ApplicationScoped
class SharedLimits {

    private static final String PREFIX = "vision-gateway:limits:";

    /** KEYS[1] the window; ARGV count, limit, ttl ms. Returns {counted 0|1, used after}. */
    private static final String CHARGE = """
            local used = tonumber(redis.call('GET', KEYS[1]) or '0')
            local count = tonumber(ARGV[1])
            if used + count > tonumber(ARGV[2]) then return {0, used} end
            redis.call('INCRBY', KEYS[1], count)
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return {1, used + count}""";

    /** KEYS[1] the window; ARGV count. Never below zero; the window keeps its expiry. */
    private static final String REFUND = """
            local used = tonumber(redis.call('GET', KEYS[1]) or '0')
            if used <= 0 then return 0 end
            local left = math.max(0, used - tonumber(ARGV[1]))
            redis.call('SET', KEYS[1], left, 'KEEPTTL')
            return left""";

    /** KEYS[1] the key's leases; ARGV now ms, lease ms, limit, slot id. Returns 1 when the slot was taken. */
    private static final String OPEN_STREAM = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
            redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""";

    private final ReactiveRedisDataSource redis;
    private final RateLimitsConfig config;
    private final Clock clock = Clock.systemUTC();

    SharedLimits(ReactiveRedisDataSource redis, RateLimitsConfig config) {
        this.redis = redis;
        this.config = config;
    }

    Uni<RateLimits.Standing> request(String key) {
        return charge(key, "requests", 1, config.requestsPerMinute(key));
    }

    Uni<RateLimits.Standing> images(String key, int count) {
        return charge(key, "images", count, config.imagesPerMinute(key));
    }

    Uni<RateLimits.StreamSlot> openStream(String key) {
        int limit = config.concurrentStreams(key);
        String leases = PREFIX + key + ":streams";
        String slot = UUID.randomUUID().toString();
        long lease = config.streamLease().toMillis();
        return eval(OPEN_STREAM, leases, String.valueOf(clock.millis()), String.valueOf(lease),
                String.valueOf(limit), slot).map(taken -> {
                    if (taken.toInteger() == 0) {
                        throw RateLimits.tooManyStreams(key, limit);
                    }
                    return new RateLimits.StreamSlot(() -> release(leases, slot));
                })
                // a script that timed out here has usually still run there: its lease must not hold the key's slot
                // for a whole stream-lease while this replica counts the stream in memory instead
                .onFailure(failure -> !(failure instanceof GatewayProblem)).invoke(() -> release(leases, slot));
    }

    /** Gives back images counted in the window that began at {@code minute}. */
    Uni<Void> refundImages(String key, long minute, int count) {
        return eval(REFUND, window(key, "images", minute), String.valueOf(count)).replaceWithVoid();
    }

    /**
     * Runs one script on one key. Redis must answer fast or not at all: a limit check holds a client's request. After
     * repeated failures the breaker skips Redis for a while, and {@link RateLimits} counts in memory meanwhile.
     */
    @Timeout(250)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    Uni<Response> eval(String script, String key, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = script;
        command[1] = "1";
        command[2] = key;
        System.arraycopy(args, 0, command, 3, args.length);
        return redis.execute("EVAL", command);
    }

    /** Whether Redis answers now, for the readiness check. */
    @Timeout(250)
    Uni<Boolean> reachable() {
        return redis.execute("PING").map(pong -> true);
    }

    private void release(String leases, String slot) {
        // a lease that cannot be removed now ends by itself (gateway.limits.stream-lease)
        redis.execute("ZREM", leases, slot).subscribe().with(removed -> {
        }, failure -> {
        });
    }

    private Uni<RateLimits.Standing> charge(String key, String what, int count, int limit) {
        long now = clock.millis();
        long minute = now / 60_000;
        long resetSeconds = RateLimits.resetSeconds(now);
        return eval(CHARGE, window(key, what, minute), String.valueOf(count), String.valueOf(limit),
                String.valueOf(resetSeconds * 1000 + 60_000)).map(answer -> {
                    int used = answer.get(1).toInteger();
                    if (answer.get(0).toInteger() == 0) {
                        throw RateLimits.overLimit(key, used, count, limit, what, resetSeconds);
                    }
                    return new RateLimits.Standing(limit, Math.max(0, limit - used), resetSeconds, minute, true);
                });
    }

    private static String window(String key, String what, long minute) {
        return PREFIX + key + ":" + what + ":" + minute;
    }
}
