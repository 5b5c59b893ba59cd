package dev.visiongateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second replica for an integration test: this build's packaged jar started beside the one under test, with the
 * same router, the same Redis and the test profile's settings, as a second pod of one Deployment would be.
 */
public final class SecondReplica implements AutoCloseable {

    private final Process process;
    private final String baseUri;

    private SecondReplica(Process process, String baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    /** Started and ready; {@code settings} are the test profile's configuration overrides. */
    public static SecondReplica start(String routerUrl, Map<String, String> settings) throws Exception {
        int port = FreePorts.free();
        int management = FreePorts.free();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx192m", "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + management, "-Dgateway.router.url=" + routerUrl,
                "-Dgateway.router.api-key=" + RouterWireMock.API_KEY,
                "-Dquarkus.redis.hosts=redis://127.0.0.1:" + RedisServer.port()));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "second-replica.log").toFile()).start();
        SecondReplica replica = new SecondReplica(process, "http://127.0.0.1:" + port);
        try {
            awaitReady(management);
        } catch (Exception | AssertionError e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    /** Its API's base URI, for REST Assured's {@code baseUri}. */
    public String baseUri() {
        return baseUri;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static void awaitReady(int management) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the second replica was not ready within 60 s; see target/second-replica.log");
    }
}
