package dev.visiongateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouter.Event;
import dev.visiongateway.support.ScriptedRouter.Status;
import dev.visiongateway.support.ScriptedRouterResource;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The official OpenAI Java client, pointed at the gateway, works unchanged: JSON, stream, errors. */
@QuarkusTest
@WithTestResource(ScriptedRouterResource.class)
class OpenAiClientTest {

    @InjectScriptedRouter
    ScriptedRouter router;

    private OpenAIClient client;

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + RestAssured.port + "/v1")
                .apiKey("any-client-key").maxRetries(0).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void nonStreamingCompletionWithSeveralImages() throws Exception {
        router.script(new Status(200, """
                {"id": "chatcmpl-9", "object": "chat.completion", "created": 1760000000, "model": "openai/gpt-4o",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Two cats."},
                              "finish_reason": "stop", "logprobs": null}],
                 "usage": {"prompt_tokens": 100, "completion_tokens": 3, "total_tokens": 103}}"""));

        ChatCompletion completion = client.chat().completions().create(params(2));

        assertThat(completion.choices().get(0).message().content()).hasValue("Two cats.");
        assertThat(completion.usage().get().totalTokens()).isEqualTo(103);
        JsonNode sent = new ObjectMapper().readTree(router.requests.get(0));
        assertThat(sent.path("messages").get(0).path("content")).hasSize(3);
        assertThat(sent.path("messages").get(0).path("content").get(2).path("image_url").path("url").asText())
                .startsWith("data:image/png;base64,");
    }

    @Test
    void streamingCompletion() {
        router.script(
                new Event("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"openai/gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}"),
                new Event("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"openai/gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Two \"},\"finish_reason\":null}]}"),
                new Event("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"openai/gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cats.\"},\"finish_reason\":null}]}"),
                new Event("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"openai/gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"),
                new Event("[DONE]"));

        String text;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params(1))) {
            text = stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        }

        assertThat(text).isEqualTo("Two cats.");
    }

    @Test
    void gatewayProblemsReachTheClientAsOpenAiErrors() {
        router.script();
        ChatCompletionCreateParams unknownModel = params(1).toBuilder().model("openai/gpt-4-o").build();

        assertThatThrownBy(() -> client.chat().completions().create(unknownModel))
                .isInstanceOfSatisfying(BadRequestException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.getMessage()).contains("not in the catalog");
                });
        assertThat(router.requests).isEmpty();
    }

    private static ChatCompletionCreateParams params(int images) {
        List<ChatCompletionContentPart> parts = new java.util.ArrayList<>();
        parts.add(ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is shown?").build()));
        for (int i = 0; i < images; i++) {
            parts.add(ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                    .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                            .url(TestImages.pngDataUrl(32 + i, 32))
                            .detail(ChatCompletionContentPartImage.ImageUrl.Detail.LOW).build())
                    .build()));
        }
        return ChatCompletionCreateParams.builder().model("openai/gpt-4o").addUserMessageOfArrayOfContentParts(parts)
                .build();
    }
}
