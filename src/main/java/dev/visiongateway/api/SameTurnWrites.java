package dev.visiongateway.api;

import java.io.ByteArrayOutputStream;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Event frames made in one event-loop turn, such as the events of one read from the router, go out as one write.
 * Quarkus REST writes and flushes every item of a {@code Multi} by itself, and a router sends several events per
 * read: one socket write each cost a stream twice the CPU of a whole JSON answer (bench/README.md, "The TLS hot
 * path"). A turn's frames are joined and emitted by a task queued on the same context, so they wait only for the
 * rest of that turn. Frames made off the event loop (the offline engine works on worker threads) go out at once.
 */
final class SameTurnWrites {

    private SameTurnWrites() {
    }

    static Multi<byte[]> of(Multi<byte[]> frames) {
        return Multi.createFrom().emitter(emitter -> {
            Turn turn = new Turn(emitter);
            // the router's answer is read as it comes; a slow client holds it in the emitter's buffer, and an
            // answer is text of a few kilobytes
            Cancellable upstream = frames.subscribe().with(turn::add, turn::fail, turn::complete);
            emitter.onTermination(upstream::cancel);
        });
    }

    /** The frames of the current turn. Guarded: the turn's end runs as a task, the next frame may come elsewhere. */
    private static final class Turn {

        private final MultiEmitter<? super byte[]> emitter;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
        private boolean endQueued;

        Turn(MultiEmitter<? super byte[]> emitter) {
            this.emitter = emitter;
        }

        synchronized void add(byte[] frame) {
            Context context = Vertx.currentContext();
            if (context == null || !Context.isOnEventLoopThread()) {
                emitPending();
                emitter.emit(frame);
                return;
            }
            pending.writeBytes(frame);
            if (!endQueued) {
                endQueued = true;
                context.runOnContext(ignored -> end());
            }
        }

        private synchronized void end() {
            endQueued = false;
            emitPending();
        }

        synchronized void fail(Throwable failure) {
            emitPending();
            emitter.fail(failure);
        }

        synchronized void complete() {
            emitPending();
            emitter.complete();
        }

        private void emitPending() {
            if (pending.size() > 0) {
                byte[] frames = pending.toByteArray();
                pending.reset();
                emitter.emit(frames);
            }
        }
    }
}
