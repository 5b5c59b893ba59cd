package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.visiongateway.problem.Problem;
import io.smallrye.mutiny.Multi;

/**
 * Turns a backend's chunks into the events the client sees (docs/ARCHITECTURE.md rule 10): {@code meta} with the
 * first chunk, a {@code delta} per piece of text, then {@code done}, or {@code error} once anything was sent.
 */
final class AnswerStream {

    private AnswerStream() {
    }

    /** {@code prepared} is read at the first chunk: a fallback model may have taken over before it. */
    static Multi<StreamEvent> of(Supplier<PreparedCall> prepared, Multi<CompletionChunk> chunks) {
        return StreamFailures.endWith(Multi.createFrom().deferred(() -> {
            AtomicBoolean started = new AtomicBoolean();
            AtomicReference<String> finishReason = new AtomicReference<>();
            AtomicReference<Usage> usage = new AtomicReference<>();
            return chunks
                    .onItem().transformToIterable(chunk -> {
                        List<StreamEvent> events = new ArrayList<>(2);
                        if (started.compareAndSet(false, true)) {
                            events.add(StreamEvent.meta(prepared.get()));
                        }
                        if (chunk.finishReason() != null) {
                            finishReason.set(chunk.finishReason());
                        }
                        if (chunk.usage() != null) {
                            usage.set(chunk.usage());
                        }
                        if (chunk.text() != null && !chunk.text().isEmpty()) {
                            events.add(StreamEvent.delta(chunk.text()));
                        }
                        return events;
                    })
                    .onCompletion().switchTo(() -> {
                        StreamEvent done = StreamEvent.done(finishReason.get(), usage.get());
                        return started.getAndSet(true) ? Multi.createFrom().item(done)
                                : Multi.createFrom().items(StreamEvent.meta(prepared.get()), done);
                    });
        }), problem -> StreamEvent.error(Problem.of(problem)));
    }
}
