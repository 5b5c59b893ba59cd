package dev.visiongateway.access;

import java.util.Optional;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * What one request spends from its client key's budgets, and the caller its usage is
 * counted for. Without client keys it spends nothing. The spending is decided once, on first use, and shared by a
 * stream's start and its events; images are given back when the request is refused for a client fault, a stream's
 * slot when its stream ends or never starts.
 */
public final class Charge {

    private final String spender;
    private final Optional<Uni<RateLimits.Spending>> spending;

    Charge(String spender, Optional<Uni<RateLimits.Spending>> spending) {
        this.spender = spender;
        this.spending = spending.map(spend -> spend.memoize().indefinitely());
    }

    /** The key name usage is counted for ({@link UsageMeter#NO_KEY} without client keys). */
    public String spender() {
        return spender;
    }

    /** A whole answer: {@code work} once the request's images are spent, which it gives back if refused. */
    public <T> Uni<T> answer(Uni<T> work) {
        return spending.map(spent -> spent.flatMap(spend -> spend.refundedOnRefusal(work))).orElse(work);
    }

    /**
     * A stream's start ({@code start}: checking and preparing the call), once the images are spent and a stream slot
     * is taken; a start that fails or is cancelled gives the slot back, a refused one the images too.
     */
    public <T> Uni<T> streamStart(Uni<T> start) {
        return spending.map(spent -> spent.flatMap(spend -> spend.slot().heldBy(spend.refundedOnRefusal(start)))
                .onCancellation().invoke(() -> RateLimits.Spending.releaseWhenDecided(spent)))
                .orElse(start);
    }

    /** A stream's events, holding the slot its start took until they end, however they end. */
    public <T> Multi<T> stream(Multi<T> events) {
        return spending.map(spent -> spent.onItem().transformToMulti(spend -> spend.slot().heldBy(events)))
                .orElse(events);
    }
}
