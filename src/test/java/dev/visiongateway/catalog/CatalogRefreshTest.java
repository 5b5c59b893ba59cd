package dev.visiongateway.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** docs/ARCHITECTURE.md rule 8: an ageing catalog is reloaded in the background while requests keep being served. */
@QuarkusTest
@TestProfile(CatalogRefreshTest.RefreshAtOnce.class)
class CatalogRefreshTest extends RouterTest {

    public static class RefreshAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.catalog.refresh-after", "0s");
        }
    }

    @Test
    void anAgeingCatalogIsReloadedInTheBackground() {
        given().when().get("/v1/models").then().statusCode(200);
        router.stubFor(get(urlPathEqualTo("/api/models")).willReturn(okJson("""
                {"data": [{"id": "new/vision-model", "architecture": {"input_modalities": ["text", "image"]}}]}""")
                .withFixedDelay(800)));

        // the next request is served from the cache and starts the slow reload; meanwhile requests keep the old copy
        given().when().get("/v1/models").then().statusCode(200);
        given().when().get("/v1/models").then().statusCode(200)
                .body("data.id", hasItem("google/gemini-2.5-flash"))
                .body("data.id", not(hasItem("new/vision-model")));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().when().get("/v1/models")
                .then().body("data.id", hasItem("new/vision-model")));
        router.verify(com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly(2),
                getRequestedFor(urlPathEqualTo("/api/models")));
    }
}
