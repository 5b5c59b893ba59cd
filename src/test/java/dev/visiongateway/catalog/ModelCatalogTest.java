package dev.visiongateway.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** docs/ARCHITECTURE.md rule 8: the catalog is cached, the last good copy outlives a router failure. */
@QuarkusTest
class ModelCatalogTest extends RouterTest {

    @Test
    void listsTheImageCapableModelsWithTheirCapabilities() {
        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("object", equalTo("list"))
                .body("stale", equalTo(false))
                .body("data.id", contains("google/gemini-2.5-flash", "openai/gpt-4.1-mini", "openai/gpt-4o",
                        "anthropic/claude-sonnet-4", "local/vision", "local/ocr"))
                .body("data.id", not(hasItem("meta/llama-3-8b")))
                .body("data[0].operations", contains("describe", "compare", "ocr"))
                .body("data[0].takes_detail", equalTo(false))
                .body("data[0].context_length", equalTo(1048576))
                .body("data[1].takes_detail", equalTo(true))
                .body("data[3].input_modalities", contains("text", "image"));
    }

    @Test
    void theModelsListMarksEachOperationsDefault() {
        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("data.find { it.id == 'google/gemini-2.5-flash' }.default_for", contains("describe", "compare"))
                .body("data.find { it.id == 'openai/gpt-4.1-mini' }.default_for", contains("ocr"))
                .body("data.find { it.id == 'openai/gpt-4o' }.default_for", nullValue());
    }

    @Test
    @DisabledOnIntegrationTest("replaces the router's catalog mid-test, which only a @QuarkusTest's cache can forget")
    void aDefaultTheRoutersCatalogLacksGivesWayToTheNextPreference() {
        // the router offers neither gpt-4.1-mini nor gemini: ocr falls to openai/gpt-4o, its third preference
        router.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/models"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("""
                        {"data": [{"id": "openai/gpt-4o", "modalities": ["text", "image"]},
                                  {"id": "anthropic/claude-sonnet-4", "architecture": {"modality": "text+image->text"}}]}""")));
        forgetCatalog();

        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/receipt.png"))))
                .when().post("/v1/ocr")
                .then().statusCode(200)
                .body("model", equalTo("openai/gpt-4o"));
        org.assertj.core.api.Assertions.assertThat(RouterStubs.lastChatRequest(router).path("model").asText())
                .isEqualTo("openai/gpt-4o");
    }

    @Test
    @DisabledOnIntegrationTest("replaces the router's catalog mid-test, which only a @QuarkusTest's cache can forget")
    void withNoPreferenceOfferedTheCatalogsFirstImageModelIsTheDefault() {
        router.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/models"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("""
                        {"data": [{"id": "meta/llama-3-8b", "architecture": {"input_modalities": ["text"]}},
                                  {"id": "anthropic/claude-sonnet-4", "architecture": {"modality": "text+image->text"}}]}""")));
        forgetCatalog();

        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg"))))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("model", equalTo("anthropic/claude-sonnet-4"))
                .body("warnings", empty());
    }

    @Test
    @DisabledOnIntegrationTest("counts router calls from an empty cache, which only a @QuarkusTest can empty")
    void asksTheRouterForImageModelsOnceWithinTheTtl() {
        given().when().get("/v1/models").then().statusCode(200);
        given().when().get("/v1/models?operation=ocr").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg"))))
                .when().post("/v1/describe").then().statusCode(200);

        router.verify(1, getRequestedFor(urlPathEqualTo("/api/models"))
                .withQueryParam("modality", com.github.tomakehurst.wiremock.client.WireMock.equalTo("image")));
    }

    @Test
    void filtersByOperationAndRefusesAnUnknownOne() {
        given().when().get("/v1/models?operation=compare").then().statusCode(200)
                .body("data.id", hasItem("openai/gpt-4o"));
        given().when().get("/v1/models?operation=paint").then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_operation"))
                .body("field", equalTo("operation"));
    }

    @Test
    void readinessReportsTheLoadedCatalog() {
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model-catalog' }.data.models", equalTo(4 + 1 + 2));
    }
}
