package dev.visiongateway.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.FilesProfile;
import dev.visiongateway.support.Management;
import dev.visiongateway.support.MinuteWindows;
import dev.visiongateway.support.NoisyImages;
import dev.visiongateway.support.RedisServer;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * What replicas share through a real redis-server (docs/ARCHITECTURE.md rules 9 and 16): the per-key budgets and the
 * image to file id map live in Redis, what another replica spent counts, and while Redis is down every request is
 * still served, with per-replica limits and uploads without the map, as readiness says; when it is back, sharing
 * resumes. {@code SharedLimitsIT} runs these against the jar, and two jars on one Redis.
 */
@QuarkusTest
@TestProfile(SharedLimitsTest.SharedThroughRedis.class)
@WithTestResource(RedisServer.class)
class SharedLimitsTest extends RouterTest {

    public static class SharedThroughRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("gateway.auth.mode", "keys"),
                    Map.entry("gateway.auth.keys", String.join(",", key("first"), key("second"), key("replicas"),
                            key("outage"), key("nostreams"), key("files"), key("pair"))),
                    Map.entry("gateway.limits.redis", "true"),
                    Map.entry("gateway.limits.requests-per-minute", "4"),
                    Map.entry("gateway.limits.keys.nostreams.concurrent-streams", "0"),
                    Map.entry("gateway.files.cache", "redis"),
                    Map.entry("gateway.router.max-body-bytes", String.valueOf(FilesProfile.BODY_LIMIT)),
                    Map.entry("gateway.files.reuse-above-bytes", String.valueOf(FilesProfile.REUSE_ABOVE)),
                    // a Redis back from an outage is tried again soon
                    Map.entry("dev.visiongateway.access.SharedLimits/eval/CircuitBreaker/delay", "300"));
        }

        private static String key(String name) {
            return name + ":" + ClientKeysTest.sha256(name + "-key");
        }
    }

    @BeforeEach
    void awayFromTheMinuteBoundary() throws InterruptedException {
        MinuteWindows.awayFromTheBoundary();
    }

    @AfterEach
    void redisBack() {
        if (!redisAnswers()) {
            RedisServer.restart();
        }
    }

    @Test
    void aKeysRequestsAreCountedInRedis() {
        models("first").then().statusCode(200).header("RateLimit-Limit", "4").header("RateLimit-Remaining", "3");
        assertThat(RedisServer.keys("vision-gateway:limits:first:requests:")).hasSize(1);
        models("first").then().statusCode(200).header("RateLimit-Remaining", "2");
        models("first").then().statusCode(200).header("RateLimit-Remaining", "1");
        models("first").then().statusCode(200).header("RateLimit-Remaining", "0");
        models("first").then().statusCode(429).body("code", equalTo("rate_limited"));
        models("second").then().statusCode(200).header("RateLimit-Remaining", "3");

        JsonPath redis = readiness();
        assertThat(redis.getBoolean("data.reachable")).isTrue();
        assertThat(redis.getString("data.limits")).isEqualTo("shared by every replica");
    }

    @Test
    void whatAnotherReplicaSpentCounts() throws Exception {
        models("replicas").then().statusCode(200).header("RateLimit-Remaining", "3");
        String window = RedisServer.keys("vision-gateway:limits:replicas:requests:").get(0);
        // another replica counts with the same script into the same window
        RedisServer.command(RedisServer.port(), "INCRBY", window, "3");
        models("replicas").then().statusCode(429).header("RateLimit-Remaining", "0")
                .body("detail", containsString("has used 4 of its 4 requests per minute"));
    }

    @Test
    void streamsAreLeasedInRedisAndGivenBack() {
        given().header("x-api-key", "nostreams-key").contentType(ContentType.JSON)
                .body(Map.of("model", "local/vision", "images", List.of(Map.of("url", TestImages.pngDataUrl(16, 16))),
                        "stream", true))
                .when().post("/v1/describe")
                .then().statusCode(429).body("detail", containsString("0 streamed answers open"));
        given().header("x-api-key", "second-key").contentType(ContentType.JSON)
                .body(Map.of("model", "local/vision", "images", List.of(Map.of("url", TestImages.pngDataUrl(16, 16))),
                        "stream", true))
                .when().post("/v1/describe")
                .then().statusCode(200).body(containsString("event: done"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                RedisServer.command(RedisServer.port(), "ZCARD", "vision-gateway:limits:second:streams"))
                .startsWith(":0"));
    }

    @Test
    void whileRedisIsDownEveryRequestIsServedAndReadinessSaysSo() {
        models("outage").then().statusCode(200).header("RateLimit-Remaining", "3");
        RedisServer.shutdown();

        // per replica now: a fresh count in this replica's memory, never a 500
        for (int i = 0; i < 4; i++) {
            models("outage").then().statusCode(200);
        }
        models("outage").then().statusCode(429);
        String image = TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 31));
        given().header("x-api-key", "files-key").contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", image))))
                .when().post("/v1/describe")
                .then().statusCode(200).body("images[0].actions", hasItem("uploaded_as_file"));
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        JsonPath redis = readiness();
        assertThat(redis.getBoolean("data.reachable")).isFalse();
        assertThat(redis.getString("data.limits")).isEqualTo("per replica until Redis answers");
        assertThat(redis.getString("data.file-ids")).isEqualTo("not cached until Redis answers");

        RedisServer.restart();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            models("second").then().statusCode(200);
            assertThat(RedisServer.keys("vision-gateway:limits:second:requests:")).hasSize(1);
        });
        assertThat(readiness().getBoolean("data.reachable")).isTrue();
    }

    @Test
    void anImageUploadedOnceIsKnownToEveryReplicaThroughRedis() {
        String image = TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 17));
        Map<String, Object> request = Map.of("images", List.of(Map.of("url", image)));
        int before = RouterStubs.fileUploads(router).size();

        given().header("x-api-key", "files-key").contentType(ContentType.JSON).body(request)
                .when().post("/v1/describe")
                .then().statusCode(200).body("images[0].actions", hasItem("uploaded_as_file"));
        assertThat(RouterStubs.fileUploads(router)).hasSize(before + 1);
        assertThat(RedisServer.keys("vision-gateway:router-files:")).isNotEmpty();

        given().header("x-api-key", "files-key").contentType(ContentType.JSON).body(request)
                .when().post("/v1/describe")
                .then().statusCode(200).body("images[0].actions", hasItem("reused_uploaded_file"));
        assertThat(RouterStubs.fileUploads(router)).hasSize(before + 1);
    }

    private static Response models(String name) {
        return given().header("Authorization", "Bearer " + name + "-key").when().get("/v1/models");
    }

    private static JsonPath readiness() {
        String body = Management.given().when().get("/q/health/ready").then().extract().asString();
        List<Map<String, Object>> checks = JsonPath.from(body).getList("checks");
        int index = 0;
        for (Map<String, Object> check : checks) {
            if ("redis".equals(check.get("name"))) {
                return JsonPath.from(body).setRootPath("checks[" + index + "]");
            }
            index++;
        }
        throw new AssertionError("no readiness check named redis in " + body);
    }

    private static boolean redisAnswers() {
        try {
            return RedisServer.command(RedisServer.port(), "PING").startsWith("+PONG");
        } catch (java.io.IOException down) {
            return false;
        }
    }
}
