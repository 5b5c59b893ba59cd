package dev.visiongateway.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Deletes the upload files that Quarkus REST leaves behind. It deletes a form's files when its request ends, but
 * not the file of a part still arriving when the client hangs up (quarkusio/quarkus#24737): on phone networks that
 * is an everyday event, and each costs the pod's {@code /tmp} up to {@code gateway.uploads.max-file-bytes}.
 *
 * <p>
 * Which files belong to which form is Quarkus REST's knowledge alone, so nothing is deleted while any form is in
 * flight: once the last form in flight has ended after a hang-up, every file left in the uploads directory is one
 * no request holds. On a pod that is never without a form in flight, a sweep every ten minutes deletes the files
 * untouched for an hour (no request lives that long: its body must arrive within
 * {@code gateway.requests.body-timeout}).
 */
@ApplicationScoped
public class AbandonedUploads {

    private static final Logger LOG = Logger.getLogger(AbandonedUploads.class);
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final Path directory;
    private final Vertx vertx;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Forms admitted so far: a sweep whose listing saw a form start does not trust it. */
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicBoolean hungUp = new AtomicBoolean();
    private final long timer;

    AbandonedUploads(@ConfigProperty(name = "quarkus.http.body.uploads-directory") String directory, Vertx vertx) {
        this.directory = Path.of(directory);
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), ignored -> sweep(ABANDONED_AFTER));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
    }

    /** A form whose files are spooled: counted until its request has ended, however it ends. */
    void admitted(RoutingContext context) {
        // in this order: a sweep that sees no form in flight and then an unchanged count saw none start
        inFlight.incrementAndGet();
        admitted.incrementAndGet();
        context.addEndHandler(ended -> {
            if (!context.request().isEnded()) {
                hungUp.set(true);
            }
            if (inFlight.decrementAndGet() == 0 && hungUp.compareAndSet(true, false)) {
                sweepWhileNoFormIsInFlight();
            }
        });
    }

    /**
     * Deletes, on a worker thread, every file in the directory if it was listed while no form was in flight: then
     * none is a request's. A form that starts meanwhile postpones the sweep to its own end.
     */
    private void sweepWhileNoFormIsInFlight() {
        vertx.executeBlocking(() -> {
            long before = admitted.get();
            if (inFlight.get() > 0) {
                postpone();
                return null;
            }
            List<Path> files = files();
            if (admitted.get() != before) {
                postpone();
                return null;
            }
            delete(files);
            return null;
        }, false);
    }

    /** To the end of the form in flight; if it has ended meanwhile, at once. */
    private void postpone() {
        hungUp.set(true);
        if (inFlight.get() == 0 && hungUp.compareAndSet(true, false)) {
            sweepWhileNoFormIsInFlight();
        }
    }

    /** Deletes, on a worker thread, the files untouched for {@code age}: no request lives that long. */
    private void sweep(Duration age) {
        vertx.executeBlocking(() -> {
            Instant before = Instant.now().minus(age);
            delete(files().stream().filter(file -> modified(file).isBefore(before)).toList());
            return null;
        }, false);
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.filter(Files::isRegularFile).toList();
        }
    }

    private void delete(List<Path> files) {
        int deleted = 0;
        for (Path file : files) {
            try {
                deleted += Files.deleteIfExists(file) ? 1 : 0;
            } catch (IOException e) {
                LOG.debugf("could not delete the abandoned upload %s: %s", file, e.getMessage());
            }
        }
        if (deleted > 0) {
            LOG.debugf("deleted %d abandoned upload files from %s", deleted, directory);
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            // gone already
            return Instant.MAX;
        }
    }
}
