package dev.visiongateway.vision;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.quarkus.arc.All;

/**
 * Finds the backend that runs a model, and the model of an operation whose request names none, through the
 * {@link VisionBackend} port: backends that claim models by name first, then the one that runs the rest.
 */
@ApplicationScoped
public class Backends {

    private final List<VisionBackend> claiming;
    private final VisionBackend rest;

    Backends(@All List<VisionBackend> all) {
        this.claiming = all.stream().filter(backend -> !backend.runsTheRest()).toList();
        List<VisionBackend> restBackends = all.stream().filter(VisionBackend::runsTheRest).toList();
        if (restBackends.size() != 1) {
            throw new IllegalStateException("exactly one backend must run the models no other backend claims; found "
                    + restBackends);
        }
        this.rest = restBackends.get(0);
    }

    /** The backend of {@code model}; a problem when it cannot run now. */
    public VisionBackend forModel(String model) {
        VisionBackend backend = claiming.stream().filter(candidate -> candidate.runs(model)).findFirst().orElse(rest);
        backend.unavailable(model).ifPresent(problem -> {
            throw problem;
        });
        return backend;
    }

    /** The default of the backend that runs the rest (the router's configured one), else the first offered. */
    public String defaultModel(Operation operation) {
        return rest.defaultModel(operation)
                .or(() -> claiming.stream().flatMap(backend -> backend.defaultModel(operation).stream()).findFirst())
                .orElseThrow(() -> GatewayProblem.of(ErrorCode.ROUTER_NOT_CONFIGURED, "model",
                        "No model can serve " + operation.id() + ": no backend offers one."));
    }
}
