package dev.visiongateway.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.support.TextImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** With a router configured, its models are the defaults, and a request may still name a local model. */
@QuarkusTest
class LocalModelsWithRouterTest extends RouterTest {

    @Test
    void aRequestNamingLocalOcrIsAnsweredOnThisMachine() {
        byte[] png = TextImages.draw(List.of("Read me locally"), "SansSerif", 30, 0, 0).png();
        given().contentType(ContentType.JSON).body(Map.of("model", "local/ocr",
                "images", List.of(Map.of("url", TestImages.dataUrl("image/png", png)))))
                .when().post("/v1/ocr")
                .then().statusCode(200)
                .body("model", equalTo("local/ocr"))
                .body("text", equalTo("Read me locally"));

        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void theLocalModelsAreListedAfterTheRoutersWithTheirOperations() {
        given().when().get("/v1/models").then().statusCode(200)
                .body("data.id", hasItems("openai/gpt-4o", "local/vision", "local/ocr"))
                .body("data.find { it.id == 'local/vision' }.operations", contains("describe", "compare"))
                .body("data.find { it.id == 'local/vision' }.backend", equalTo("local"))
                .body("data.find { it.id == 'local/ocr' }.operations", contains("ocr"));
        given().when().get("/v1/models?operation=describe").then().statusCode(200)
                .body("data.id", hasItems("google/gemini-2.5-flash", "local/vision"))
                .body("data.id", org.hamcrest.Matchers.not(hasItems("local/ocr")));
    }
}
