package dev.visiongateway.upstream;

import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * When and how long to wait before calling the router again (docs/ARCHITECTURE.md rule 11): only on 429, 503 and
 * connections that were never made, after the router's {@code Retry-After} when it gave one, else an exponential
 * back-off.
 */
@ApplicationScoped
class RouterRetry {

    private final RouterConfig config;

    RouterRetry(RouterConfig config) {
        this.config = config;
    }

    /**
     * Only calls the router cannot have acted on: it said 429 or 503 (refused before any work), or the connection
     * was never made. A 502 or a connection dropped after the request went out may follow work already done (and
     * billed), so they go back to the client instead.
     */
    static boolean retryable(Throwable failure) {
        if (failure instanceof RouterFault fault) {
            return fault.status() == 429 || fault.status() == 503;
        }
        return UpstreamFaults.neverSent(failure);
    }

    /** For {@code retry().when(...)}: one item per retry, after its delay; a failure ends the retries. */
    Flow.Publisher<Long> delays(Multi<Throwable> failures) {
        AtomicInteger attempt = new AtomicInteger();
        return failures.onItem().transformToUniAndConcatenate(failure -> {
            int n = attempt.incrementAndGet();
            Duration asked = failure instanceof RouterFault fault ? fault.retryAfter() : null;
            if (n > config.retries() || (asked != null && asked.compareTo(config.retryMaxWait()) > 0)) {
                return Uni.createFrom().failure(failure);
            }
            Duration delay = asked != null ? asked : config.retryBackoff().multipliedBy(1L << (n - 1));
            Uni<Long> next = Uni.createFrom().item((long) n);
            return delay.isZero() ? next : next.onItem().delayIt().by(delay);
        });
    }
}
