package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** With no router configured the service starts, is ready, and says how to configure one. */
@QuarkusTest
class NoRouterTest {

    @Test
    void operationsAnswer503WithHowToConfigureARouter() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg"))))
                .when().post("/v1/describe")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("router_not_configured"))
                .body("detail", containsString("GATEWAY_ROUTER_URL"));
    }

    @Test
    void requestFaultsAreStillReportedFirst() {
        given().contentType(ContentType.JSON).body("{\"images\": []}")
                .when().post("/v1/ocr")
                .then().statusCode(400).body("field", equalTo("images"));
    }

    @Test
    void isReadyAndListsNoRouterModels() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/v1/models").then().statusCode(200).body("data", hasSize(0));
    }
}
