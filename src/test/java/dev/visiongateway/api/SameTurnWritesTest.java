package dev.visiongateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.vertx.core.Vertx;

/** Event frames of one event-loop turn leave in one write (docs/ARCHITECTURE.md rule 10). */
class SameTurnWritesTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void framesOfOneTurnOnTheEventLoopAreJoinedInOrder() throws Exception {
        CompletableFuture<List<String>> written = new CompletableFuture<>();
        vertx.runOnContext(ignored -> SameTurnWrites.of(frames("a", "b", "c"))
                .map(SameTurnWritesTest::text).collect().asList()
                .subscribe().with(written::complete, written::completeExceptionally));

        assertThat(written.get(5, TimeUnit.SECONDS)).containsExactly("abc");
    }

    @Test
    void framesOfDifferentTurnsLeaveApart() throws Exception {
        UnicastProcessor<byte[]> frames = UnicastProcessor.create();
        CompletableFuture<List<String>> written = new CompletableFuture<>();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> SameTurnWrites.of(frames).map(SameTurnWritesTest::text).collect().asList()
                .subscribe().with(written::complete, written::completeExceptionally));
        for (String frame : List.of("a", "b", "c")) {
            CompletableFuture<Void> turn = new CompletableFuture<>();
            context.runOnContext(ignored -> {
                frames.onNext(bytes(frame));
                turn.complete(null);
            });
            turn.get(5, TimeUnit.SECONDS);
            // the turn's end runs as a task of its own: let it run before the next turn
            Thread.sleep(20);
        }
        context.runOnContext(ignored -> frames.onComplete());

        assertThat(written.get(5, TimeUnit.SECONDS)).containsExactly("a", "b", "c");
    }

    @Test
    void framesMadeOffTheEventLoopLeaveAtOnceAndAFailureComesAfterThem() {
        Multi<byte[]> failing = Multi.createBy().concatenating().streams(frames("a", "b"),
                Multi.createFrom().failure(new IllegalStateException("router gone")));
        List<String> written = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();

        SameTurnWrites.of(failing).subscribe().with(frame -> written.add(text(frame)), failed::set);

        assertThat(written).containsExactly("a", "b");
        assertThat(failed.get()).hasMessage("router gone");
    }

    private static Multi<byte[]> frames(String... texts) {
        return Multi.createFrom().items(texts).map(SameTurnWritesTest::bytes);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
