package dev.visiongateway.upstream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The router's port is closed: calls answer 503 with Retry-After, readiness goes down, and after repeated
 * failures the circuit breaker opens and stops calling it.
 */
@QuarkusTest
@TestProfile(UnreachableRouterTest.ClosedPort.class)
class UnreachableRouterTest {

    public static class ClosedPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.router.url", "http://127.0.0.1:" + closedPort(),
                    "gateway.breaker.enabled", "true", "gateway.breaker.request-volume-threshold", "3");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void unreachableRouterIs503ThenTheBreakerOpens() {
        for (int i = 0; i < 3; i++) {
            describe().statusCode(503)
                    .header("Retry-After", "5")
                    .body("code", equalTo("upstream_unreachable"));
        }
        describe().statusCode(503)
                .header("Retry-After", "10")
                .body("code", equalTo("upstream_circuit_open"));
        // streams cannot carry the breaker themselves, but respect it
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg")), "stream", true))
                .when().post("/v1/describe")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("upstream_circuit_open"));
    }

    @Test
    void readinessIsDownWithoutACatalog() {
        Management.given().when().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'model-catalog' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'model-catalog' }.data.error", equalTo("upstream_unreachable"));
        Management.given().when().get("/q/health/live").then().statusCode(200);
    }

    private static ValidatableResponse describe() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg"))))
                .when().post("/v1/describe")
                .then().contentType("application/problem+json");
    }
}
