package dev.visiongateway.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Readiness names what failed by the problem's code, never by the router's words. */
@QuarkusTest
@TestProfile(CatalogReadinessTest.NeverLoaded.class)
class CatalogReadinessTest extends RouterTest {

    /** An app of its own: no earlier test has left it a catalog to fall back on. */
    public static class NeverLoaded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.catalog.ttl", "10M");
        }
    }

    @Test
    void aRouterThatFailsMakesReadinessDownWithACodeNotItsMessage() {
        router.stubFor(get(urlPathEqualTo("/api/models")).willReturn(RouterStubs.status(500).withBody(
                "{\"error\": {\"message\": \"catalog db at 10.1.2.3:5432 refused user admin\"}}")));

        String readiness = Management.given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'model-catalog' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'model-catalog' }.data.error", equalTo("upstream_error"))
                .extract().asString();
        assertThat(readiness).doesNotContain("10.1.2.3").doesNotContain("admin");
    }
}
