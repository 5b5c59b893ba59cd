package dev.visiongateway.api;

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
        double promptBefore = counter("gateway_tokens_total", "kind=\"prompt\"", "operation=\"describe\"",
                "model=\"google/gemini-2.5-flash\"", "key=\"none\"");
        double imagesBefore = counter("gateway_images_total", "operation=\"describe\"",
                "model=\"google/gemini-2.5-flash\"", "key=\"none\"");

        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg"),
                        Map.of("url", "https://images.example.com/b.jpg"))))
                .when().post("/v1/describe").then().statusCode(200);

        // the scripted answer counts 812 prompt and 9 completion tokens
        assertThat(counter("gateway_tokens_total", "kind=\"prompt\"", "operation=\"describe\"",
                "model=\"google/gemini-2.5-flash\"", "key=\"none\"")).isEqualTo(promptBefore + 812);
        assertThat(counter("gateway_images_total", "operation=\"describe\"", "model=\"google/gemini-2.5-flash\"",
                "key=\"none\"")).isEqualTo(imagesBefore + 2);
    }

    @Test
    void chatCompletionsAreCountedAsOperationChat() {
        double completionBefore = counter("gateway_tokens_total", "kind=\"completion\"", "operation=\"chat\"",
                "model=\"openai/gpt-4o\"", "key=\"none\"");

        given().contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "messages", List.of(Map.of("role", "user", "content", List.of(
                        Map.of("type", "text", "text", "What is it?"),
                        Map.of("type", "image_url", "image_url", Map.of("url", "https://images.example.com/a.jpg")))))))
                .when().post("/v1/chat/completions").then().statusCode(200);

        assertThat(counter("gateway_tokens_total", "kind=\"completion\"", "operation=\"chat\"",
                "model=\"openai/gpt-4o\"", "key=\"none\"")).isEqualTo(completionBefore + 9);
        assertThat(counter("gateway_images_total", "operation=\"chat\"", "model=\"openai/gpt-4o\"", "key=\"none\""))
                .isGreaterThanOrEqualTo(1);
    }

    /** The value of the series whose labels include all of {@code labels}; 0 if there is none yet. */
    static double counter(String name, String... labels) {
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
