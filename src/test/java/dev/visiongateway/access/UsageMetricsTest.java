package dev.visiongateway.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** docs/ARCHITECTURE.md rule 17: tokens and images are counted by model, operation and key, at both doors. */
@QuarkusTest
class UsageMetricsTest extends RouterTest {

    @Test
    void anOperationsTokensAndImagesAreCounted() {
        double promptBefore = Management.counter("gateway_tokens_total", "kind=\"prompt\"", "operation=\"describe\"",
                "model=\"google/gemini-2.5-flash\"", "key=\"none\"");
        double imagesBefore = Management.counter("gateway_images_total", "operation=\"describe\"",
                "model=\"google/gemini-2.5-flash\"", "key=\"none\"");

        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg"),
                        Map.of("url", "https://images.example.com/b.jpg"))))
                .when().post("/v1/describe").then().statusCode(200);

        // the scripted answer counts 812 prompt and 9 completion tokens
        assertThat(Management.counter("gateway_tokens_total", "kind=\"prompt\"", "operation=\"describe\"",
                "model=\"google/gemini-2.5-flash\"", "key=\"none\"")).isEqualTo(promptBefore + 812);
        assertThat(Management.counter("gateway_images_total", "operation=\"describe\"", "model=\"google/gemini-2.5-flash\"",
                "key=\"none\"")).isEqualTo(imagesBefore + 2);
    }

    @Test
    void chatCompletionsAreCountedAsOperationChat() {
        double completionBefore = Management.counter("gateway_tokens_total", "kind=\"completion\"", "operation=\"chat\"",
                "model=\"openai/gpt-4o\"", "key=\"none\"");

        given().contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "messages", List.of(Map.of("role", "user", "content", List.of(
                        Map.of("type", "text", "text", "What is it?"),
                        Map.of("type", "image_url", "image_url", Map.of("url", "https://images.example.com/a.jpg")))))))
                .when().post("/v1/chat/completions").then().statusCode(200);

        assertThat(Management.counter("gateway_tokens_total", "kind=\"completion\"", "operation=\"chat\"",
                "model=\"openai/gpt-4o\"", "key=\"none\"")).isEqualTo(completionBefore + 9);
        assertThat(Management.counter("gateway_images_total", "operation=\"chat\"", "model=\"openai/gpt-4o\"", "key=\"none\""))
                .isGreaterThanOrEqualTo(1);
    }
}
