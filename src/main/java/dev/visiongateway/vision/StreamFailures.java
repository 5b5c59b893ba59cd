package dev.visiongateway.vision;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import dev.visiongateway.problem.GatewayProblem;
import io.smallrye.mutiny.Multi;

/**
 * How every stream the gateway answers ends when it fails (docs/ARCHITECTURE.md rule 10): before its first item,
 * the failure stays a failure, so the client gets an HTTP status and a problem document; after it, the headers
 * are gone, so the stream ends with one last item that carries the problem. Never silently.
 */
public final class StreamFailures {

    private StreamFailures() {
    }

    public static <T> Multi<T> endWith(Multi<T> stream, Function<GatewayProblem, T> lastItem) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean started = new AtomicBoolean();
            return stream.onItem().invoke(() -> started.set(true))
                    .onFailure(failure -> started.get())
                    .recoverWithItem(failure -> lastItem.apply(GatewayProblem.of(failure)));
        });
    }
}
