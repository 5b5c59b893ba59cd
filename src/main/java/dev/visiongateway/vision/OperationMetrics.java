package dev.visiongateway.vision;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.Problem;
import dev.visiongateway.catalog.ModelCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** {@code gateway.operation} timers, tagged by operation, model and outcome, for {@code /q/metrics}. */
@ApplicationScoped
public class OperationMetrics {

    private static final int SUCCESS = 200;
    private static final int CANCELLED = 499;

    private final MeterRegistry registry;
    private final ModelCatalog catalog;

    OperationMetrics(MeterRegistry registry, ModelCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    public <T> Uni<T> timed(Operation operation, String model, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return call.onItemOrFailure().invoke((item, failure) -> sample.stop(
                    timer(operation, model, failure == null ? SUCCESS : statusOf(failure))));
        });
    }

    /** Times a stream from subscription to its end; an {@code error} event counts with its status. */
    public Multi<StreamEvent> timed(Operation operation, String model, Multi<StreamEvent> stream) {
        return Multi.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            AtomicInteger status = new AtomicInteger(SUCCESS);
            return stream
                    .onItem().invoke(event -> {
                        if (event.data() instanceof Problem problem) {
                            status.set(problem.status());
                        }
                    })
                    .onTermination().invoke((failure, cancelled) -> sample.stop(timer(operation, model,
                            failure != null ? statusOf(failure) : cancelled ? CANCELLED : status.get())));
        });
    }

    private Timer timer(Operation operation, String model, int status) {
        String outcome = status == SUCCESS ? "success" : status == CANCELLED ? "cancelled"
                : status < 500 && status != 429 ? "client_error" : "upstream_error";
        return Timer.builder("gateway.operation")
                .description("Time to answer describe, compare and ocr calls")
                .tag("operation", operation.id())
                // a client can name any model, and an unreadable catalog lets unknown names through to the router:
                // only listed models get their own series, so the number of series stays bounded
                .tag("model", outcome.equals("client_error") ? "rejected" : catalog.listed(model) ? model : "unlisted")
                .tag("outcome", outcome)
                .register(registry);
    }

    private static int statusOf(Throwable failure) {
        return failure instanceof GatewayProblem problem ? problem.status() : 500;
    }
}
