package dev.visiongateway.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** docs/ARCHITECTURE.md rule 8: past its time to live, the catalog is reloaded, and kept when the router fails. */
@QuarkusTest
@TestProfile(CatalogLastGoodCopyTest.ShortLived.class)
class CatalogLastGoodCopyTest extends RouterTest {

    public static class ShortLived implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.catalog.ttl", "300ms");
        }
    }

    @Test
    void servesTheLastGoodCopyWhenTheRouterFailsPastTheTimeToLive() throws InterruptedException {
        given().when().get("/v1/models").then().statusCode(200).body("stale", equalTo(false));
        router.stubFor(get(urlPathEqualTo("/api/models")).willReturn(RouterStubs.status(500)));
        Thread.sleep(400);

        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("stale", equalTo(true))
                .body("data.id", hasItem("google/gemini-2.5-flash"));
        Management.given().when().get("/q/health/ready").then().statusCode(200);

        // the router is asked again a few seconds after the failure, not by every request meanwhile
        int asked = router.findAll(getRequestedFor(urlPathEqualTo("/api/models"))).size();
        for (int i = 0; i < 20; i++) {
            given().when().get("/v1/models").then().statusCode(200).body("stale", equalTo(true));
        }
        assertThat(router.findAll(getRequestedFor(urlPathEqualTo("/api/models")))).hasSize(asked);
        RouterStubs.standard(router, "unused");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/v1/models")
                .then().statusCode(200).body("stale", equalTo(false)));
    }
}
