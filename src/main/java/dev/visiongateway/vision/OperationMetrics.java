package dev.visiongateway.vision;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.problem.GatewayProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code gateway.operation} timers, tagged by operation ({@code describe}, {@code compare}, {@code ocr},
 * {@code chat}), model and outcome, for {@code /q/metrics}.
 */
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

    /** Times a call from subscription to its answer or failure. */
    public <T> Uni<T> timed(String operation, Supplier<String> model, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return call.onItemOrFailure().invoke((item, failure) -> sample.stop(
                    timer(operation, model, failure == null ? SUCCESS : statusOf(failure))));
        });
    }

    /**
     * Times a backend's stream from subscription to its end, a failure counting with its status: time it before
     * {@link StreamFailures} turns a late failure into a last event, so that the failure is still seen here.
     */
    public <T> Multi<T> timed(String operation, Supplier<String> model, Multi<T> stream) {
        return Multi.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return stream.onTermination().invoke((failure, cancelled) -> sample.stop(timer(operation, model,
                    failure != null ? statusOf(failure) : cancelled ? CANCELLED : SUCCESS)));
        });
    }

    private Timer timer(String operation, Supplier<String> modelOf, int status) {
        String model = modelOf.get();
        String outcome = status == SUCCESS ? "success"
                : status == CANCELLED ? "cancelled"
                        : status < 500 && status != 429 ? "client_error" : "upstream_error";
        return Timer.builder("gateway.operation")
                .description("Time to answer describe, compare, ocr and chat completion calls")
                .tag("operation", operation)
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
