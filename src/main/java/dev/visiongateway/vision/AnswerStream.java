package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.Problem;
import io.smallrye.mutiny.Multi;

/**
 * Turns a backend's chunks into the events the client sees (docs/ARCHITECTURE.md rule 10): {@code meta} with the first
 * chunk, a {@code delta} per piece of text, then {@code done}, or {@code error} once anything was sent. A failure
 * before the first event stays a failure, so the client gets the HTTP status of rule 11 instead.
 */
final class AnswerStream {

    private AnswerStream() {
    }

    static Multi<StreamEvent> of(PreparedCall call) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean started = new AtomicBoolean();
            AtomicReference<String> finishReason = new AtomicReference<>();
            AtomicReference<Usage> usage = new AtomicReference<>();
            return call.backend().stream(call.chat())
                    .onItem().transformToIterable(chunk -> {
                        List<StreamEvent> events = new ArrayList<>(2);
                        if (started.compareAndSet(false, true)) {
                            events.add(StreamEvent.meta(call));
                        }
                        if (chunk.finishReason() != null) {
                            finishReason.set(chunk.finishReason());
                        }
                        if (chunk.usage() != null) {
                            usage.set(chunk.usage());
                        }
                        String text = chunk.text();
                        if (!text.isEmpty()) {
                            events.add(StreamEvent.delta(text));
                        }
                        return events;
                    })
                    .onCompletion().switchTo(() -> {
                        StreamEvent done = StreamEvent.done(finishReason.get(), usage.get());
                        return started.getAndSet(true) ? Multi.createFrom().item(done)
                                : Multi.createFrom().items(StreamEvent.meta(call), done);
                    })
                    .onFailure(failure -> started.get())
                    .recoverWithItem(failure -> StreamEvent.error(Problem.of(GatewayProblem.of(failure))));
        });
    }
}
