package dev.visiongateway.local;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.visiongateway.image.OcrPreprocessor;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

/**
 * Runs the {@code tesseract} command on an OCR-preprocessed image and reads its TSV output. At most
 * {@code max-processes} run at once, each on one core ({@code OMP_THREAD_LIMIT=1}: faster than OpenMP threads on
 * a small machine) and with a minimal environment; a run is killed, with its children, on timeout or when the
 * subscriber cancels.
 */
@ApplicationScoped
public class TesseractOcr {

    private static final Logger LOG = Logger.getLogger(TesseractOcr.class);
    /** Longest side handed to Tesseract; small images are brought up to the preprocessor's minimum. */
    private static final int MAX_OCR_SIDE = 4096;
    /**
     * How much a small image is enlarged at most. Tesseract reads best at glyphs of some 20-40 px; four times makes
     * 5 px text readable, while more only makes blobs of it and costs time: a 64 px image brought to 1600 px took
     * Tesseract 0.3-0.4 s here, at 256 px 0.12-0.16 s (mostly its own start), the same text read from both.
     */
    private static final double MAX_UPSCALE = 4;
    /**
     * The resolution Tesseract is told, since the PNG carries none: without it Tesseract assumes 70 dpi, and its
     * layout analysis then splits evenly spaced lines of an upscaled screenshot into columns.
     */
    private static final int OCR_DPI = 300;
    private final LocalConfig config;
    private final TesseractCommand tesseract;
    private final ThreadPoolExecutor processes;
    private final LanguageWarnings languageWarnings = new LanguageWarnings();

    @Inject
    public TesseractOcr(LocalConfig config) {
        this(config, System.getenv());
    }

    /** {@code gatewayEnvironment}: the environment the child's is taken from (the process's own, or a test's). */
    TesseractOcr(LocalConfig config, Map<String, String> gatewayEnvironment) {
        this.config = config;
        this.tesseract = new TesseractCommand(config, gatewayEnvironment);
        AtomicInteger threads = new AtomicInteger();
        this.processes = new ThreadPoolExecutor(config.maxProcesses(), config.maxProcesses(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.maxQueued())), runnable -> {
                    Thread thread = new Thread(runnable, "tesseract-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @PreDestroy
    void stop() {
        processes.shutdownNow();
    }

    /** The text of an image in the languages of {@code hint} that are installed (else the default language). */
    @WithSpan("local ocr")
    Uni<OcrText> read(LocalImage image, String hint) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicReference<Process> running = new AtomicReference<>();
            AtomicReference<Future<?>> job = new AtomicReference<>();
            AtomicBoolean ended = new AtomicBoolean();
            emitter.onTermination(() -> {
                ended.set(true);
                Future<?> submitted = job.get();
                if (submitted != null) {
                    submitted.cancel(true);
                }
                TesseractCommand.kill(running.get());
            });
            try {
                job.set(processes.submit(() -> {
                    try {
                        emitter.complete(readBlocking(image, hint, running, ended::get));
                    } catch (RuntimeException | Error failure) {
                        // the subscriber learns of every failure; nothing is left hanging
                        emitter.fail(failure);
                    }
                }));
            } catch (RejectedExecutionException e) {
                emitter.fail(new GatewayProblem(ErrorCode.OCR_BUSY, "All " + config.maxProcesses()
                        + " OCR processes are busy and " + config.maxQueued() + " jobs wait; try again shortly.",
                        null, Duration.ofSeconds(5)));
            }
        });
    }

    /** The installed traineddata, or empty when Tesseract cannot be run; asked once, then cached. */
    public Optional<Set<String>> installedLanguages() {
        try {
            return Optional.of(tesseract.languages());
        } catch (GatewayProblem missing) {
            return Optional.empty();
        }
    }

    private OcrText readBlocking(LocalImage image, String hint, AtomicReference<Process> running,
            BooleanSupplier cancelled) {
        OcrLanguages.Choice choice = OcrLanguages.choose(hint, tesseract.languages(), config.defaultLanguage());
        for (String unavailable : choice.unavailable()) {
            languageWarnings.firstTime(unavailable, choice.tesseractLanguages()).ifPresent(LOG::warn);
        }
        long deadline = System.nanoTime() + config.timeout().toNanos();
        BufferedImage ground = OcrPreprocessor.darkOnLight(image.pixels());
        Path work = null;
        try {
            work = Files.createTempDirectory("vg-ocr-");
            BufferedImage prepared = OcrPreprocessor.enlargedForOcr(ground, MAX_OCR_SIDE, MAX_UPSCALE);
            double scale = prepared.getWidth() / (double) ground.getWidth();
            long started = System.nanoTime();
            OcrText first = recognise(prepared, image.width(), choice, work, running, cancelled, deadline);
            OptionalDouble wanted = TextSize.enlargement(first, prepared.getWidth() / (double) image.width());
            if (wanted.isEmpty()) {
                return first;
            }
            double larger = Math.min(scale * wanted.getAsDouble(), largestScale(ground));
            double gain = larger / scale;
            // Tesseract's time grows with the pixels: a second reading that would not end in time is not begun
            long expected = (long) ((System.nanoTime() - started) * gain * gain);
            if (gain < TextSize.MIN_GAIN || System.nanoTime() + expected > deadline) {
                return first;
            }
            OcrText second = recognise(OcrPreprocessor.enlarged(ground, larger), image.width(), choice, work, running,
                    cancelled, deadline);
            return TextSize.confidence(second) >= TextSize.confidence(first) ? second : first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(work);
        }
    }

    /**
     * The largest enlargement of the decoded image for a second reading: Tesseract's longest side, the upscale
     * limit, and the pixels the image's decode budget holds for its OCR copy (LocalImage: 8 of the 9 working bytes
     * of a decoded pixel are free once the dark grounds are inverted, a grayscale pixel takes one).
     */
    private static double largestScale(BufferedImage ground) {
        int longSide = Math.max(ground.getWidth(), ground.getHeight());
        return Math.min(Math.min(MAX_OCR_SIDE / (double) longSide, MAX_UPSCALE),
                Math.sqrt(LocalImage.WORKING_BYTES_PER_PIXEL - 1));
    }

    private OcrText recognise(BufferedImage prepared, int originalWidth, OcrLanguages.Choice choice, Path work,
            AtomicReference<Process> running, BooleanSupplier cancelled, long deadline) throws IOException {
        Path input = work.resolve("input.png");
        ImageIO.write(prepared, "png", input.toFile());
        List<String> command = List.of(config.tesseractPath(), input.toString(), work.resolve("out").toString(),
                "--psm", String.valueOf(config.pageSegmentation()), "--dpi", String.valueOf(OCR_DPI),
                "-l", choice.tesseractLanguages(), "tsv");
        tesseract.run(command, work.resolve("log.txt"), running, cancelled, deadline);
        String tsv = Files.readString(work.resolve("out.tsv"), StandardCharsets.UTF_8);
        return TsvReader.read(tsv, prepared.getWidth() / (double) originalWidth, choice.tesseractLanguages());
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", directory, e.getMessage());
        }
    }
}
