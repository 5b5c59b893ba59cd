package dev.visiongateway.vision;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.All;

/**
 * Finds the backend that runs a model through the {@link VisionBackend} port: backends that claim models by name first, then
 * the one that runs the rest.
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
}
