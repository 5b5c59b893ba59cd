package dev.visiongateway.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

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

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.FreePorts;
import dev.visiongateway.support.NoisyImages;
import dev.visiongateway.support.RedisServer;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterWireMock;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The shared limits and file-id cache against the packaged app, and what they are for: a second replica (the same
 * jar, started here with the same settings) on the same Redis spends from the same budget and reuses the files the
 * first one uploaded.
 */
@QuarkusIntegrationTest
class SharedLimitsIT extends SharedLimitsTest {

    @Test
    void twoReplicasOnOneRedisEnforceOneBudgetAndUploadOnce() throws Exception {
        int port = FreePorts.free();
        int management = FreePorts.free();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx192m", "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + management, "-Dgateway.router.url=" + router.baseUrl(),
                "-Dgateway.router.api-key=" + RouterWireMock.API_KEY,
                "-Dquarkus.redis.hosts=redis://127.0.0.1:" + RedisServer.port()));
        new SharedThroughRedis().getConfigOverrides().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        Process second = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "second-replica.log").toFile()).start();
        try {
            awaitReady(management);
            String other = "http://127.0.0.1:" + port;

            // one budget of 4 requests per minute for key "pair", whichever replica counts
            given().header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(200)
                    .header("RateLimit-Remaining", "3");
            given().baseUri(other).header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(200)
                    .header("RateLimit-Remaining", "2");
            given().header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(200)
                    .header("RateLimit-Remaining", "1");
            given().baseUri(other).header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(200)
                    .header("RateLimit-Remaining", "0");
            given().header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(429);
            given().baseUri(other).header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(429);

            // an image uploaded through one replica is sent by its file id from the other
            String image = TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 23));
            Map<String, Object> request = Map.of("images", List.of(Map.of("url", image)));
            int before = RouterStubs.fileUploads(router).size();
            given().header("x-api-key", "files-key").contentType(ContentType.JSON).body(request)
                    .when().post("/v1/describe")
                    .then().statusCode(200).body("images[0].actions", hasItem("uploaded_as_file"));
            given().baseUri(other).header("x-api-key", "files-key").contentType(ContentType.JSON).body(request)
                    .when().post("/v1/describe")
                    .then().statusCode(200).body("images[0].actions", hasItem("reused_uploaded_file"));
            assertThat(RouterStubs.fileUploads(router)).hasSize(before + 1);
        } finally {
            second.destroy();
            second.waitFor();
        }
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
