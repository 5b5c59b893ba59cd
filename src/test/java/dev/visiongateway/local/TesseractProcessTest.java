package dev.visiongateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.image.DecodeBudget;
import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageDecoder;
import dev.visiongateway.image.ImageFormat;
import dev.visiongateway.image.ImagePermits;
import dev.visiongateway.image.ImageReport;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.image.TestImageLimits;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.vision.CompletionChunk;
import dev.visiongateway.vision.OcrFormat;
import dev.visiongateway.vision.VisionCall;
import dev.visiongateway.vision.VisionOperation;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The Tesseract process is the engine's one external resource: it is killed, with what it started, when the
 * subscriber cancels or the timeout passes; a missing binary is a 503 that says how to install it. A fake
 * {@code tesseract} script that hangs stands in for a slow OCR run.
 */
class TesseractProcessTest {

    @TempDir
    Path dir;

    @Test
    void cancellingTheSubscriptionKillsTheProcessAndItsChildren() throws Exception {
        TesseractOcr ocr = new TesseractOcr(TestLocalConfig.with(hangingTesseract().toString(), Duration.ofMinutes(1)));
        try (WatchService watch = dir.getFileSystem().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            UniAssertSubscriber<OcrText> subscriber = ocr.read(image(), "en")
                    .subscribe().withSubscriber(UniAssertSubscriber.create());

            List<Long> processes = startedProcesses(watch);
            assertThat(processes).hasSize(2).allMatch(TesseractProcessTest::running);
            subscriber.cancel();

            processes.forEach(TesseractProcessTest::assertStopsWithinASecond);
        } finally {
            ocr.stop();
        }
    }

    @Test
    void cancellingTheLocalBackendsStreamKillsTheProcess() throws Exception {
        TestLocalConfig config = TestLocalConfig.with(hangingTesseract().toString(), Duration.ofMinutes(1));
        TesseractOcr ocr = new TesseractOcr(config);
        TestImageLimits limits = new TestImageLimits(20_000_000, 2, Duration.ofSeconds(2));
        LocalBackend backend = new LocalBackend(ocr, config, new ObjectMapper(),
                new ImageDecoder(limits, new DecodeBudget(100_000_000)), new ImagePermits(limits), limits);
        VisionCall request = new VisionCall("vg-test", VisionOperation.OCR, LocalModels.OCR, "read", OcrFormat.TEXT, null,
                List.of(), List.of(), List.of(new PreparedImage(ImageReport.reference(0, "data", "data"),
                        new ImageContent.Bytes(TestImages.png(40, 20, java.awt.Color.WHITE), ImageFormat.PNG), null)),
                null);
        try (WatchService watch = dir.getFileSystem().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            AssertSubscriber<CompletionChunk> subscriber = backend.stream(request)
                    .subscribe().withSubscriber(AssertSubscriber.create(10));

            List<Long> processes = startedProcesses(watch);
            assertThat(processes).hasSize(2).allMatch(TesseractProcessTest::running);
            subscriber.cancel();

            processes.forEach(TesseractProcessTest::assertStopsWithinASecond);
            assertThat(subscriber.getItems()).isEmpty();
        } finally {
            ocr.stop();
        }
    }

    @Test
    void aRunPastTheTimeoutIsKilledAndAnswers504() throws Exception {
        TesseractOcr ocr = new TesseractOcr(TestLocalConfig.with(hangingTesseract().toString(), Duration.ofSeconds(1)));
        try {
            UniAssertSubscriber<OcrText> subscriber = ocr.read(image(), null)
                    .subscribe().withSubscriber(UniAssertSubscriber.create());

            GatewayProblem problem = (GatewayProblem) subscriber.awaitFailure(Duration.ofSeconds(10)).getFailure();
            assertThat(problem.status()).isEqualTo(504);
            assertThat(problem.code().id()).isEqualTo("ocr_timeout");
            List<Long> processes = pids();
            assertThat(processes).hasSize(2);
            processes.forEach(TesseractProcessTest::assertStopsWithinASecond);
        } finally {
            ocr.stop();
        }
    }

    @Test
    void aMissingBinaryIs503SayingHowToInstallTesseract() {
        TesseractOcr ocr = new TesseractOcr(TestLocalConfig.with(dir.resolve("no-such-tesseract").toString(),
                Duration.ofSeconds(5)));
        UniAssertSubscriber<OcrText> subscriber = ocr.read(image(), null)
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        GatewayProblem problem = (GatewayProblem) subscriber.awaitFailure(Duration.ofSeconds(10)).getFailure();
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.code().id()).isEqualTo("ocr_engine_missing");
        assertThat(problem.getMessage()).contains("apt-get install -y tesseract-ocr tesseract-ocr-eng");
        assertThat(ocr.installedLanguages()).isEmpty();
        ocr.stop();
    }

    @Test
    void tesseractSeesNoneOfTheGatewaysSecrets() throws Exception {
        Map<String, String> gateway = Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8",
                "GATEWAY_ROUTER_API_KEY", "sk-router-secret", "HOME", "/home/gateway", "AWS_SECRET_ACCESS_KEY", "x");
        TesseractOcr ocr = new TesseractOcr(TestLocalConfig.with(environmentDumpingTesseract().toString(),
                Duration.ofSeconds(10)), gateway);
        try {
            ocr.read(image(), "en").await().atMost(Duration.ofSeconds(10));

            List<String> names = Files.readAllLines(dir.resolve("env")).stream()
                    .map(line -> line.substring(0, line.indexOf('='))).toList();
            assertThat(names).doesNotContain("GATEWAY_ROUTER_API_KEY", "HOME", "AWS_SECRET_ACCESS_KEY")
                    .contains("PATH", "LANG", "OMP_THREAD_LIMIT");
            // the shell adds PWD (and SHLVL, _) on its own
            assertThat(names).isSubsetOf("PATH", "LANG", "LC_ALL", "TESSDATA_PREFIX", "OMP_THREAD_LIMIT", "PWD",
                    "SHLVL", "_", "OLDPWD");
        } finally {
            ocr.stop();
        }
    }

    @Test
    void smallImagesAreEnlargedAtMostFourTimesForTesseract() throws Exception {
        TesseractOcr ocr = new TesseractOcr(TestLocalConfig.with(environmentDumpingTesseract().toString(),
                Duration.ofSeconds(10)));
        try {
            // a 64 px image brought to the 1600 px a vision model gets would cost Tesseract three times as long
            assertThat(sentToTesseract(ocr, 64, 32)).isEqualTo(List.of(256, 128));
            // within four times, small images still reach that size
            assertThat(sentToTesseract(ocr, 800, 200)).isEqualTo(List.of(1600, 400));
            assertThat(sentToTesseract(ocr, 2000, 100)).isEqualTo(List.of(2000, 100));
        } finally {
            ocr.stop();
        }
    }

    private List<Integer> sentToTesseract(TesseractOcr ocr, int width, int height) throws IOException {
        ocr.read(new LocalImage(1, ImageFormat.PNG, width, height,
                new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB)), "en")
                .await().atMost(Duration.ofSeconds(10));
        BufferedImage input = ImageIO.read(dir.resolve("input.png").toFile());
        return List.of(input.getWidth(), input.getHeight());
    }

    @Test
    void theChildEnvironmentKeepsOnlyWhatTesseractNeeds() {
        assertThat(TesseractCommand.childEnvironment(Map.of("PATH", "/usr/bin", "TESSDATA_PREFIX", "/opt/tessdata",
                "LC_ALL", "C", "GATEWAY_ROUTER_API_KEY", "sk-1", "GATEWAY_ROUTER_URL", "https://router", "USER", "app")))
                .isEqualTo(Map.of("PATH", "/usr/bin", "TESSDATA_PREFIX", "/opt/tessdata", "LC_ALL", "C",
                        "OMP_THREAD_LIMIT", "1"));
    }

    /** A {@code tesseract} that lists English, then on a real run keeps its environment and input, and finds nothing. */
    private Path environmentDumpingTesseract() throws IOException {
        Path script = dir.resolve("tesseract");
        Files.writeString(script,
                """
                        #!/bin/sh
                        if [ "$1" = "--list-langs" ]; then
                          echo 'List of available languages in "fake" (1):'
                          echo eng
                          exit 0
                        fi
                        env > "%1$s/env"
                        cp "$1" "%1$s/input.png"
                        printf 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n' > "$2.tsv"
                        """
                        .formatted(dir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** A {@code tesseract} that lists English, then on a real run starts a child and waits forever. */
    private Path hangingTesseract() throws IOException {
        Path script = dir.resolve("tesseract");
        Files.writeString(script, """
                #!/bin/sh
                if [ "$1" = "--list-langs" ]; then
                  echo 'List of available languages in "fake" (1):'
                  echo eng
                  exit 0
                fi
                sleep 300 &
                echo "$$ $!" > "%1$s/pids.tmp" && mv "%1$s/pids.tmp" "%1$s/pids"
                wait
                """.formatted(dir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** The script and its child, once the script has written their ids. */
    private List<Long> startedProcesses(WatchService watch) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(dir.resolve("pids")) && System.nanoTime() < deadline) {
            var key = watch.poll(1, TimeUnit.SECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        }
        return pids();
    }

    private List<Long> pids() throws IOException {
        return Arrays.stream(Files.readString(dir.resolve("pids")).strip().split(" ")).map(Long::parseLong).toList();
    }

    /**
     * Polls the process state: a killed grandchild may stay a zombie until init reaps it (a container's init may
     * never do), so "stopped" means gone or a zombie, not absent from the process table.
     */
    private static void assertStopsWithinASecond(long pid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (running(pid)) {
            assertThat(System.nanoTime()).as("process %d still runs a second after the cancel", pid)
                    .isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    private static LocalImage image() {
        BufferedImage pixels = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        return new LocalImage(1, ImageFormat.PNG, 40, 20, pixels);
    }
}
