package dev.visiongateway.answers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.support.AnswerCacheOn;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.SseEvents;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** docs/ARCHITECTURE.md rule 22 for chat completions: stored as the completion, replayed as its chunks. */
@QuarkusTest
@TestProfile(AnswerCacheOn.class)
class AnswerCacheChatTest extends RouterTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCompletionIsGivenAgainAndStreamedAsItsChunks() throws Exception {
        String image = TestImages.dataUrl("image/png", TestImages.png(280, 200, Color.ORANGE));

        chat(image, false, "What is this?").then().statusCode(200)
                .header("Cache-Status", "vision-gateway; fwd=miss; stored")
                .body("cached", nullValue());
        chat(image, false, "What is this?").then().statusCode(200)
                .header("Cache-Status", "vision-gateway; hit")
                .body("cached", equalTo(true))
                .body("choices[0].message.content", equalTo(ANSWER))
                .body("usage.total_tokens", equalTo(821));

        Response streamed = chat(image, true, "What is this?");
        streamed.then().statusCode(200).header("Cache-Status", "vision-gateway; hit");
        List<SseEvents.Event> events = SseEvents.parse(streamed.asString());
        assertThat(events).hasSize(3);
        assertThat(json.readTree(events.get(0).data()).path("choices").get(0).path("delta").path("content").asText())
                .isEqualTo(ANSWER);
        JsonNode end = json.readTree(events.get(1).data());
        assertThat(end.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(end.path("usage").path("total_tokens").asInt()).isEqualTo(821);
        assertThat(events.get(2).data()).isEqualTo("[DONE]");

        chat(image, false, "Something else?").then().statusCode(200)
                .header("Cache-Status", "vision-gateway; fwd=miss; stored");
        assertThat(RouterStubs.chatRequests(router)).hasSize(2);
    }

    @Test
    void aStreamedCompletionIsStoredOnceItEnded() {
        String image = TestImages.dataUrl("image/png", TestImages.png(200, 280, Color.BLUE));
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(
                        """
                                data: {"id":"chatcmpl-9","object":"chat.completion.chunk","model":"google/gemini-2.5-flash","choices":[{"index":0,"delta":{"role":"assistant","content":"Blue"}}]}

                                data: {"id":"chatcmpl-9","object":"chat.completion.chunk","model":"google/gemini-2.5-flash","choices":[{"index":0,"delta":{"content":" sky"},"finish_reason":"stop"}],"usage":{"prompt_tokens":40,"completion_tokens":2,"total_tokens":42}}

                                data: [DONE]

                                """)));

        chat(image, true, "Colour?").then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss");
        chat(image, false, "Colour?").then().statusCode(200)
                .header("Cache-Status", "vision-gateway; hit")
                .body("choices[0].message.content", equalTo("Blue sky"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.total_tokens", equalTo(42));
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }

    @Test
    void aRefusalIsNotStored() {
        String image = TestImages.dataUrl("image/png", TestImages.png(190, 190, Color.RED));
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1).willReturn(okJson("""
                {"id": "chatcmpl-2", "object": "chat.completion", "model": "openai/gpt-4o",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                   "refusal": "I can't help with that."}, "finish_reason": "stop"}]}""")));

        chat(image, false, "Who is this?").then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss");
        chat(image, false, "Who is this?").then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss");
        assertThat(RouterStubs.chatRequests(router)).hasSize(2);
    }

    private static Response chat(String image, boolean stream, String question) {
        return given().contentType(ContentType.JSON).body(Map.of("model", "openai/gpt-4o", "stream", stream,
                "messages", List.of(Map.of("role", "user", "content", List.of(
                        Map.of("type", "text", "text", question),
                        Map.of("type", "image_url", "image_url", Map.of("url", image)))))))
                .when().post("/v1/chat/completions");
    }
}
