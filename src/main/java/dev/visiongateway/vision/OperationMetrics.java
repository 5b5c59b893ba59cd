package dev.visiongateway.vision;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.api.GatewayProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** {@code gateway.operation} timers, tagged by operation, model and outcome, for {@code /q/metrics}. */
@ApplicationScoped
public class OperationMetrics {

    private final MeterRegistry registry;

    OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> Uni<T> timed(Operation operation, String model, Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return call.onItemOrFailure().invoke((item, failure) -> sample.stop(timer(operation, model, failure)));
        });
    }

    /** Times a stream from subscription to its end; an error event counts as an upstream error. */
    public Multi<StreamEvent> timed(Operation operation, String model, Multi<StreamEvent> stream) {
        return Multi.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
            return stream
                    .onItem().invoke(event -> {
                        if (event.data() instanceof dev.visiongateway.api.Problem problem) {
                            failed.set(new GatewayProblem(problem.status(), problem.code(), problem.detail(), null, null));
                        }
                    })
                    .onTermination().invoke((failure, cancelled) -> sample.stop(
                            timer(operation, model, failure != null ? failure : failed.get())));
        });
    }

    public Timer timer(Operation operation, String model, Throwable failure) {
        String outcome = outcome(failure);
        return Timer.builder("gateway.operation")
                .description("Time to answer describe, compare and ocr calls")
                .tag("operation", operation.id())
                // a client can name any model; only those that got past the checks get their own series
                .tag("model", outcome.equals("client_error") ? "rejected" : model)
                .tag("outcome", outcome)
                .register(registry);
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "success";
        }
        int status = failure instanceof GatewayProblem problem ? problem.status() : 500;
        return status < 500 && status != 429 ? "client_error" : "upstream_error";
    }
}
