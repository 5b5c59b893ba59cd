package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.support.TestImages;

/**
 * The AOT cache the -Paot build trained (target/quarkus-app/app.aot) is used when the jar starts the way
 * deploy/Dockerfile.jvm-aot starts it. Only the aot profile runs this class (failsafe execution aot-cache-check,
 * after the training); a plain build has no cache to check, and its name matches neither surefire's nor failsafe's
 * default patterns.
 * <p>
 * The JVM is strict and quiet about a cache it cannot use (another JDK build, a jar whose modification time
 * changed, other heap or GC settings): with the default -XX:AOTMode=auto it starts without it, slowly. The image's
 * -XX:AOTMode=on makes that a failed start; this check also reads the JVM's own account (-Xlog:aot) and where each
 * class came from (-Xlog:class+load) up to the first describe answer of the offline engine.
 */
class AotCacheCheck {

    private static final Path APP = Path.of("target", "quarkus-app");
    private static final Path DOCKERFILE = Path.of("deploy", "Dockerfile.jvm-aot");
    private static final String FROM_CACHE = "source: shared objects file";
    /** Measured: 98% with the training of pom.xml; a cache from a narrower launch than the router suite's has less. */
    private static final double MIN_SHARE_FROM_CACHE = 0.95;

    @Test
    void theTrainedCacheServesTheFirstDescribeOfAJarStartedAsTheImageStartsIt(@TempDir Path logs) throws Exception {
        assertThat(Runtime.version().feature()).as("the AOT cache needs the JDK 25 that trained it").isGreaterThanOrEqualTo(25);
        assertThat(APP.resolve("app.aot")).as("the -Paot build's training wrote the cache").isRegularFile();
        try (JarFile runner = new JarFile(APP.resolve("quarkus-run.jar").toFile())) {
            assertThat(runner.getManifest().getMainAttributes().getValue("Main-Class"))
                    .as("the aot-jar packaging").endsWith("AotQuarkusEntryPoint");
        }
        List<String> flags = imageJavaFlags();
        assertThat(flags).contains("-XX:AOTCache=app.aot", "-XX:AOTMode=on");

        int port = freePort();
        int management = freePort();
        Path aotLog = logs.resolve("aot.log");
        Path classLog = logs.resolve("class-load.log");
        Path output = logs.resolve("output.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-Xlog:aot=info:file=" + aotLog, "-Xlog:class+load=info:file=" + classLog,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + management,
                "-jar", "quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(APP.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // no router: the offline engine answers, as in bench/cold-start
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_") || name.startsWith("QUARKUS_"));
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Process app = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            awaitReady(app, http, management, output);
            HttpResponse<String> answer = http.send(describeUpload(port), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"model\":\"local/vision\"");
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }

        String aot = Files.readString(aotLog);
        assertThat(aot).as("the JVM's account of the cache").contains("Opened AOT cache app.aot")
                .contains("Using AOT-linked classes: true");
        assertThat(aot.lines().filter(line -> line.contains("[warning") || line.contains("[error")).toList())
                .as("warnings and errors about the cache").isEmpty();

        List<String> loads = Files.readAllLines(classLog).stream().filter(line -> line.contains(" source: ")).toList();
        long fromCache = loads.stream().filter(line -> line.contains(FROM_CACHE)).count();
        assertThat(fromCache).as("classes loaded from the cache, of " + loads.size())
                .isGreaterThanOrEqualTo((long) Math.ceil(loads.size() * MIN_SHARE_FROM_CACHE));
        for (String trained : List.of("io.quarkus.bootstrap.runner.AotQuarkusEntryPoint",
                "dev.visiongateway.api.OperationsResource", "dev.visiongateway.vision.VisionService",
                "dev.visiongateway.image.ImageIntake")) {
            assertThat(loads).as(trained + " came from the cache")
                    .anyMatch(line -> line.contains(" " + trained + " ") && line.contains(FROM_CACHE));
        }
    }

    /**
     * The JVM flags the image starts with, in the order the java launcher applies them: its JDK_JAVA_OPTIONS, then
     * what comes between {@code java} and {@code -jar} in its exec-form ENTRYPOINT.
     */
    static List<String> imageJavaFlags() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher options = Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$").matcher(dockerfile);
        assertThat(options.find()).as(DOCKERFILE + " sets JDK_JAVA_OPTIONS").isTrue();
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])$").matcher(dockerfile);
        assertThat(entrypoint.find()).as(DOCKERFILE + " has an exec-form ENTRYPOINT").isTrue();
        List<String> words = List.of(new ObjectMapper().readValue(entrypoint.group(1), String[].class));
        assertThat(words.get(0)).isEqualTo("java");
        assertThat(words).contains("-jar");
        List<String> flags = new ArrayList<>(List.of(options.group(1).trim().split("\\s+")));
        flags.addAll(words.subList(1, words.indexOf("-jar")));
        return flags;
    }

    private static void awaitReady(Process app, HttpClient http, int management, Path output) throws Exception {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("the jar did not start with the cache (exit " + app.exitValue() + "):\n"
                        + Files.readString(output));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not ready within 90 s:\n" + Files.readString(output));
    }

    private static HttpRequest describeUpload(int port) {
        String boundary = "aot-cache-check";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"small.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(TestImages.png(64, 64, Color.ORANGE));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/describe"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
