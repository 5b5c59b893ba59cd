package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The operations endpoints live on the management port only: the OpenAPI document carries an example per operation,
 * metrics count calls per operation and model, and the public port knows none of them.
 */
@QuarkusTest
class OperationsDocumentationTest extends RouterTest {

    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/openapi", "/q/swagger-ui/", "/q/health", "/q/health/ready",
            "/q/health/live", "/q/health/started" })
    void operationsEndpointsAnswerOnTheManagementPortOnly(String path) {
        Management.given().when().get(path).then().statusCode(200);

        given().when().get(path).then().statusCode(404);
    }

    @Test
    void openApiHasAnExampleForEachOperation() {
        Management.given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/v1/describe'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/compare'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/ocr'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/models'.get", notNullValue());
    }

    @Test
    void everyOperationDocumentsEachProblemItCanAnswerAndNoJacksonType() {
        String document = Management.given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        io.restassured.path.json.JsonPath openApi = io.restassured.path.json.JsonPath.from(document);
        for (String operation : List.of("'/v1/describe'.post", "'/v1/compare'.post", "'/v1/ocr'.post",
                "'/v1/chat/completions'.post", "'/v1/files'.post", "'/v1/models'.get", "'/api/models'.get")) {
            List<String> statuses = operation.endsWith("post") ? List.of("400", "401", "413", "415", "429", "502", "503",
                    "504") : List.of("400", "401", "429", "502", "503", "504");
            for (String status : statuses) {
                String response = "paths." + operation + ".responses.'" + status + "'";
                org.assertj.core.api.Assertions.assertThat(openApi.getString(response
                        + ".content.'application/problem+json'.schema.'$ref'")).as(response)
                        .isEqualTo("#/components/schemas/Problem");
                org.assertj.core.api.Assertions.assertThat(openApi.getMap(response
                        + ".content.'application/problem+json'.examples")).as(response).isNotEmpty();
            }
        }
        org.assertj.core.api.Assertions.assertThat(openApi.getString(
                "paths.'/v1/chat/completions'.post.requestBody.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/ChatCompletionRequest");
        org.assertj.core.api.Assertions.assertThat(openApi.getMap("components.schemas.Problem.properties"))
                .containsKeys("type", "title", "status", "detail", "code", "field");
        org.assertj.core.api.Assertions.assertThat(document).doesNotContain("ObjectNode", "JsonNode", "JsonNodeType");
    }

    @Test
    void metricsCountCallsPerOperationAndModel() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg"))))
                .when().post("/v1/describe").then().statusCode(200);

        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString(
                        "gateway_operation_seconds_count{model=\"google/gemini-2.5-flash\",operation=\"describe\",outcome=\"success\"}"));
    }

    @Test
    void chatCompletionsAreTimedLikeTheOperations() {
        given().contentType(ContentType.JSON)
                .body("{\"model\": \"openai/gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .when().post("/v1/chat/completions").then().statusCode(200);

        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        String chatSuccesses = metrics.lines()
                .filter(line -> line.startsWith(
                        "gateway_operation_seconds_count{model=\"openai/gpt-4o\",operation=\"chat\",outcome=\"success\"}"))
                .findFirst().orElseThrow(() -> new AssertionError("no chat series in " + metrics));
        org.assertj.core.api.Assertions
                .assertThat(Double.parseDouble(chatSuccesses.substring(chatSuccesses.lastIndexOf(' ') + 1)))
                .isGreaterThanOrEqualTo(1.0);
    }
}
