package dev.visiongateway.answers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.RedisServer;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.support.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * docs/ARCHITECTURE.md rule 22 with answers in a real redis-server: one client key's answers are not another's, and
 * while Redis is down every request is still answered, by the model, as readiness says.
 */
@QuarkusTest
@TestProfile(AnswerCacheRedisTest.InRedis.class)
@WithTestResource(RedisServer.class)
class AnswerCacheRedisTest extends RouterTest {

    public static class InRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.auth.mode", "keys",
                    "gateway.auth.keys", TestKeys.entries("ann", "bob"),
                    "gateway.answer-cache.enabled", "true",
                    "gateway.answer-cache.store", "redis",
                    // a Redis back from an outage is tried again soon
                    "dev.visiongateway.answers.RedisAnswers/find/CircuitBreaker/delay", "300",
                    "dev.visiongateway.answers.RedisAnswers/keep/CircuitBreaker/delay", "300");
        }
    }

    @Test
    void oneKeysAnswersAreNotGivenToAnother() {
        Map<String, Object> request = Map.of("images",
                List.of(Map.of("url", TestImages.dataUrl("image/png", TestImages.png(210, 150, Color.YELLOW)))));

        describe("ann", request).then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss; stored");
        assertThat(RedisServer.keys("vision-gateway:answers:")).isNotEmpty();
        describe("bob", request).then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss; stored");
        describe("ann", request).then().statusCode(200).header("Cache-Status", "vision-gateway; hit");
        describe("bob", request).then().statusCode(200).header("Cache-Status", "vision-gateway; hit");

        assertThat(RouterStubs.chatRequests(router)).hasSize(2);
    }

    @Test
    void whileRedisIsDownRequestsAreAnsweredWithoutTheCache() {
        Map<String, Object> request = Map.of("images",
                List.of(Map.of("url", TestImages.dataUrl("image/png", TestImages.png(150, 210, Color.GRAY)))));
        describe("ann", request).then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss; stored");
        RedisServer.shutdown();

        for (int i = 0; i < 3; i++) {
            describe("ann", request).then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss");
        }
        assertThat(RouterStubs.chatRequests(router)).hasSize(4);
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        assertThat(redisReadiness().getString("data.answers")).isEqualTo("not cached until Redis answers");

        RedisServer.restart();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> describe("ann", request)
                .then().statusCode(200).header("Cache-Status", "vision-gateway; hit"));
        assertThat(redisReadiness().getString("data.answers")).isEqualTo("shared by every replica");
    }

    static Response describe(String key, Map<String, Object> body) {
        return given().header("x-api-key", key + "-key").contentType(ContentType.JSON).body(body)
                .when().post("/v1/describe");
    }

    private static JsonPath redisReadiness() {
        String body = Management.given().when().get("/q/health/ready").then().extract().asString();
        List<Map<String, Object>> checks = JsonPath.from(body).getList("checks");
        for (int index = 0; index < checks.size(); index++) {
            if ("redis".equals(checks.get(index).get("name"))) {
                return JsonPath.from(body).setRootPath("checks[" + index + "]");
            }
        }
        throw new AssertionError("no readiness check named redis in " + body);
    }
}
