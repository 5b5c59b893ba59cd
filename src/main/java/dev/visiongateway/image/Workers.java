package dev.visiongateway.image;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Blocking or CPU-heavy work (decoding, measuring, file reads) moved off the event loop, to the worker pool. */
public final class Workers {

    private Workers() {
    }

    /** {@code work}'s result, computed on a worker thread when subscribed. */
    public static <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
