package dev.visiongateway.vision;

import java.util.List;

import dev.visiongateway.image.ImageReport;
import dev.visiongateway.image.PreparedImage;

/** A call ready to run: the backend that runs it, and the warnings the client will be told with the answer. */
public record PreparedCall(VisionCall call, VisionBackend backend, List<String> warnings) {

    public String id() {
        return call.id();
    }

    public VisionOperation operation() {
        return call.operation();
    }

    public String model() {
        return call.model();
    }

    public List<ImageReport> images() {
        return call.images().stream().map(PreparedImage::report).toList();
    }

    /** The call as the fallback model runs it, its warning added to the client's. */
    PreparedCall fellBack(ModelFallbacks.FellBack fellBack) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.add(fellBack.warning());
        return new PreparedCall(call.withModel(fellBack.to()), backend, List.copyOf(all));
    }

    public VisionAnswer answer(Completion completion) {
        return new VisionAnswer(id(), operation().id(), model(), completion.text(), completion.finishReason(),
                completion.usage(), images(), warnings);
    }
}
