package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;

/** The router's catalog path, answered by the gateway in the router's shape with the models of /v1/models. */
@QuarkusTest
class RouterModelsTest extends RouterTest {

    @Test
    void theRoutersCatalogPathListsWhatV1ModelsDoesInTheRoutersShape() {
        List<String> listed = given().when().get("/v1/models").then().statusCode(200).extract().path("data.id");

        List<String> ids = given().when().get("/api/models?modality=image")
                .then().statusCode(200)
                .body("object", equalTo(null))
                .body("data.architecture.input_modalities", everyItem(hasItem("image")))
                .body("data.architecture.output_modalities", everyItem(equalTo(List.of("text"))))
                .body("data.find { it.id == 'google/gemini-2.5-flash' }.context_length", equalTo(1048576))
                .body("data.find { it.id == 'google/gemini-2.5-flash' }.name", equalTo("Gemini 2.5 Flash"))
                .extract().path("data.id");
        assertThat(ids).isEqualTo(listed).contains("local/ocr", "local/vision");
        assertThat(given().when().get("/api/models").then().statusCode(200).extract().<List<String>> path("data.id"))
                .isEqualTo(listed);
    }

    @Test
    void anotherModalityIsRefusedNamingTheParameter() {
        given().when().get("/api/models?modality=audio")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_request"))
                .body("field", equalTo("modality"));
    }
}
