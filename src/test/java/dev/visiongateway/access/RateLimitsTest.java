package dev.visiongateway.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.MinuteWindows;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Per-key limits at both doors (docs/ARCHITECTURE.md rule 16): a key over its requests or images per minute gets
 * 429 with Retry-After, every answer carries the RateLimit headers, and one key's spending leaves another's alone.
 */
@QuarkusTest
@TestProfile(RateLimitsTest.SmallBudgets.class)
class RateLimitsTest {

    public static class SmallBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.auth.mode", "keys",
                    "gateway.auth.keys", "requests:" + ClientKeysTest.sha256("requests-key") + ",images:"
                            + ClientKeysTest.sha256("images-key") + ",other:" + ClientKeysTest.sha256("other-key"),
                    "gateway.limits.keys.requests.requests-per-minute", "3",
                    "gateway.limits.keys.images.images-per-minute", "3");
        }
    }

    @BeforeEach
    void awayFromTheMinuteBoundary() throws InterruptedException {
        MinuteWindows.awayFromTheBoundary();
    }

    @Test
    void aKeyOverItsRequestsPerMinuteGets429WithRetryAfterAndTheOthersGoOn() {
        models("requests-key").then().statusCode(200)
                .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "2");
        models("requests-key").then().statusCode(200).header("RateLimit-Remaining", "1");
        models("requests-key").then().statusCode(200).header("RateLimit-Remaining", "0");
        Response refused = models("requests-key");
        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .header("RateLimit-Remaining", "0")
                .body("code", equalTo("rate_limited"))
                .body("detail", containsString("3 requests per minute"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        org.assertj.core.api.Assertions.assertThat(retryAfter).isBetween(1L, 60L);
        org.assertj.core.api.Assertions.assertThat(Long.parseLong(refused.header("RateLimit-Reset"))).isEqualTo(retryAfter);

        models("other-key").then().statusCode(200).header("RateLimit-Limit", "600");
    }

    @Test
    void imagesCountAgainstTheKeysImageBudgetAtBothDoors() {
        describe("images-key", 2).then().statusCode(200);
        describe("images-key", 2).then().statusCode(429).body("code", equalTo("rate_limited"))
                .body("detail", containsString("3 images per minute and this request has 2"));
        given().header("Authorization", "Bearer images-key").contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "messages", List.of(Map.of("role", "user", "content",
                        Collections.nCopies(2, Map.of("type", "image_url",
                                "image_url", Map.of("url", "https://example.com/a.jpg")))))))
                .when().post("/v1/chat/completions")
                .then().statusCode(429).body("error.code", equalTo("rate_limited"));
        describe("images-key", 1).then().statusCode(200);
        // what each key spent, by its name (docs/ARCHITECTURE.md rule 17): the refused requests spent nothing
        org.assertj.core.api.Assertions.assertThat(Management.counter("gateway_images_total",
                "key=\"images\"", "model=\"local/vision\"", "operation=\"describe\"")).isEqualTo(3.0);
    }

    private static Response models(String key) {
        return given().header("Authorization", "Bearer " + key).when().get("/v1/models");
    }

    private static Response describe(String key, int images) {
        return given().header("x-api-key", key).contentType(ContentType.JSON)
                .body(Map.of("images", Collections.nCopies(images, Map.of("url", TestImages.pngDataUrl(16, 16)))))
                .when().post("/v1/describe");
    }
}
