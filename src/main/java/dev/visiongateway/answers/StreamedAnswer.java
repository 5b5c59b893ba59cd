package dev.visiongateway.answers;

import java.util.Optional;

import dev.visiongateway.vision.StreamEvent;
import dev.visiongateway.vision.VisionAnswer;

/** A streamed answer put back together from its events, to be stored; at most {@code maxChars} of text. */
final class StreamedAnswer {

    private final long maxChars;
    private final StringBuilder text = new StringBuilder();
    private StreamEvent.Meta meta;
    private StreamEvent.Done done;
    private boolean whole = true;

    StreamedAnswer(long maxChars) {
        this.maxChars = maxChars;
    }

    void add(StreamEvent event) {
        if (event.data() instanceof StreamEvent.Meta first) {
            meta = first;
        } else if (event.data() instanceof StreamEvent.Delta delta) {
            if (text.length() + delta.text().length() > maxChars) {
                // too long to store: nothing more is kept of it
                whole = false;
                text.setLength(0);
            } else if (whole) {
                text.append(delta.text());
            }
        } else if (event.data() instanceof StreamEvent.Done last) {
            done = last;
        } else {
            whole = false;
        }
    }

    /** The answer, if the stream brought all of it: its meta, every delta and its end. */
    Optional<VisionAnswer> whole() {
        if (!whole || meta == null || done == null) {
            return Optional.empty();
        }
        return Optional.of(new VisionAnswer(meta.id(), meta.operation(), meta.model(), text.toString(),
                done.finishReason(), done.usage(), meta.images(), meta.warnings()));
    }
}
