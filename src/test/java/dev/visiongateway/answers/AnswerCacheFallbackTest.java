package dev.visiongateway.answers;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** docs/ARCHITECTURE.md rule 22: a fallback model's answer is never given again as the asked model's. */
@QuarkusTest
@TestProfile(AnswerCacheFallbackTest.CacheAndFallbacks.class)
class AnswerCacheFallbackTest extends RouterTest {

    public static class CacheAndFallbacks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.answer-cache.enabled", "true",
                    "gateway.models.fallbacks.describe", "google/gemini-2.5-flash");
        }
    }

    @Test
    void aFallbacksAnswerIsNotStored() {
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("\"model\":\"openai/gpt-4o\"")).willReturn(RouterStubs.status(500)
                        .withBody("{\"error\": {\"message\": \"boom\", \"code\": \"server_error\"}}")));
        Map<String, Object> request = Map.of("model", "openai/gpt-4o", "images",
                List.of(Map.of("url", TestImages.dataUrl("image/png", TestImages.png(170, 130, Color.BLUE)))));

        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).body(request).when().post("/v1/describe")
                    .then().statusCode(200)
                    .body("model", equalTo("google/gemini-2.5-flash"))
                    .header("Cache-Status", "vision-gateway; fwd=miss");
        }
        assertThat(RouterStubs.chatRequests(router)).hasSize(4);
    }
}
