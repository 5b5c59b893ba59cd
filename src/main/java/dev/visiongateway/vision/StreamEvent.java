package dev.visiongateway.vision;

import java.util.List;

import dev.visiongateway.image.ImageReport;
import dev.visiongateway.problem.Problem;

/**
 * One Server-Sent Event of a streamed answer: {@code meta}, {@code delta}, {@code done} or
 * {@code error}.
 */
public record StreamEvent(String name, Object data) {

    public record Meta(String id, String operation, String model, List<ImageReport> images, List<String> warnings,
            Boolean cached) {
    }

    public record Delta(String text) {
    }

    public record Done(String finishReason, Usage usage) {
    }

    static StreamEvent meta(PreparedCall call) {
        return new StreamEvent("meta", new Meta(call.id(), call.operation().id(), call.model(), call.images(),
                call.warnings(), null));
    }

    /** A stored answer replayed as the events its stream would have had, at once. */
    public static List<StreamEvent> replay(VisionAnswer answer) {
        return List.of(new StreamEvent("meta", new Meta(answer.id(), answer.operation(), answer.model(),
                answer.images(), answer.warnings(), answer.cached())), delta(answer.text()),
                done(answer.finishReason(), answer.usage()));
    }

    static StreamEvent delta(String text) {
        return new StreamEvent("delta", new Delta(text));
    }

    static StreamEvent done(String finishReason, Usage usage) {
        return new StreamEvent("done", new Done(finishReason, usage));
    }

    static StreamEvent error(Problem problem) {
        return new StreamEvent("error", problem);
    }
}
