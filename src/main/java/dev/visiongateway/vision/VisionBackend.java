package dev.visiongateway.vision;

import java.util.Optional;

import dev.visiongateway.image.ImagePreparation;
import dev.visiongateway.problem.GatewayProblem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The port behind which models run (the LLM router, the offline engine). {@link Backends} finds the backend of a
 * model through it, so the domain names no adapter.
 */
public interface VisionBackend {

    /**
     * Whether this backend runs {@code model}. The backend that {@link #runsTheRest() runs the rest} is asked
     * last and answers for every model the others do not claim.
     */
    boolean runs(String model);

    /** Whether this is the backend of every model that no other backend claims (the router). */
    default boolean runsTheRest() {
        return false;
    }

    /** Why {@code model} cannot run now (a router that is not configured), if it cannot. */
    default Optional<GatewayProblem> unavailable(String model) {
        return Optional.empty();
    }

    /** What the intake must do to the images of an {@code operation} before this backend gets them. */
    ImagePreparation preparation(VisionOperation operation);

    /** Refuses, as a problem, an operation that {@code model} does not serve; checked before any image work. */
    default void checkServes(String model, VisionOperation operation) {
    }

    /**
     * The call as this backend will send it, decided before anything is answered, so that the client's image
     * reports say how each image went (the router: large images as file ids, a body within its limit).
     */
    default Uni<VisionCall> fitted(VisionCall call) {
        return Uni.createFrom().item(call);
    }

    /** The whole answer at once. */
    Uni<Completion> complete(VisionCall call);

    /** The answer as it is produced; cancelling the subscription stops the work (and the router call). */
    Multi<CompletionChunk> stream(VisionCall call);
}
