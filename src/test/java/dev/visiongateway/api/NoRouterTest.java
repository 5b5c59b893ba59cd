package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.support.TextImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * With no router configured the service starts, is ready, and the offline engine's models serve the operations
 * (docs/ARCHITECTURE.md section 5); a router model says how to configure a router.
 */
@QuarkusTest
class NoRouterTest {

    @Test
    void aRouterModelAnswers503WithHowToConfigureARouter() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg")),
                        "model", "google/gemini-2.5-flash"))
                .when().post("/v1/describe")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("router_not_configured"))
                .body("detail", containsString("GATEWAY_ROUTER_URL"));
    }

    @Test
    void theFilesApiAnswers503WithoutARouter() {
        given().multiPart("file", "a.png", TestImages.png(10, 10, java.awt.Color.RED), "image/png")
                .when().post("/v1/files")
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
    void theLocalModelsAreTheDefaults() {
        byte[] png = TextImages.draw(List.of("No router needed"), "Serif", 32, 1, 8).png();
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.dataUrl("image/png", png)))))
                .when().post("/v1/ocr")
                .then().statusCode(200)
                .body("model", equalTo("local/ocr"))
                .body("text", equalTo("No router needed"));
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.pngDataUrl(40, 30)))))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("model", equalTo("local/vision"))
                .body("text", startsWith("The image is a PNG image of 40 × 30 pixels"));
    }

    @Test
    void isReadyAndListsOnlyTheLocalModels() {
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/v1/models").then().statusCode(200)
                .body("data", hasSize(2))
                .body("data.id", contains("local/vision", "local/ocr"))
                .body("data.backend", everyItem(equalTo("local")));
        given().when().get("/v1/models?operation=ocr").then().statusCode(200).body("data.id", contains("local/ocr"));
    }
}
