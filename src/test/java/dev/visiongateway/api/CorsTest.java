package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;

/** Front-ends on the configured origins may call the gateway from the browser; others may not. */
@QuarkusTest
class CorsTest extends RouterTest {

    @Test
    void allowsTheConfiguredOrigin() {
        given().header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .when().options("/v1/describe")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://app.example.com"))
                .header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", "https://app.example.com").when().get("/v1/models")
                .then().statusCode(200)
                .header("Access-Control-Expose-Headers", containsString("X-Gateway-Warning"));
    }

    @Test
    void refusesOtherOrigins() {
        given().header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "POST")
                .when().options("/v1/describe")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
