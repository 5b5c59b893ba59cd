package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.Management;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouter.Drop;
import dev.visiongateway.support.ScriptedRouter.Event;
import dev.visiongateway.support.ScriptedRouter.Status;
import dev.visiongateway.support.ScriptedRouterResource;
import dev.visiongateway.support.SseEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * docs/ARCHITECTURE.md rule 19: a model that fails before the first byte reached the client is replaced by the next
 * model of its chain, at both doors, streamed and not; a refused request and a failure mid-stream are not.
 */
@QuarkusTest
@TestProfile(FallbackModelsTest.Chains.class)
@WithTestResource(ScriptedRouterResource.class)
class FallbackModelsTest {

    static final String FAILING = "openai/gpt-4o";
    static final String FALLBACK = "google/gemini-2.5-flash";
    /** Before the fallback in the lists, but not an image model: skipped. */
    static final String TEXT_ONLY = "meta/llama-3-8b";

    public static class Chains implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.models.fallbacks.describe", TEXT_ONLY + "," + FALLBACK,
                    "gateway.models.chat-fallbacks", FAILING + " > " + TEXT_ONLY + " > " + FALLBACK);
        }
    }

    private static final String UNAVAILABLE = "{\"error\": {\"message\": \"model overloaded\", \"code\": \"overloaded\"}}";
    private final ObjectMapper json = new ObjectMapper();

    @InjectScriptedRouter
    ScriptedRouter router;

    static String completion(String model, String text) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "model": "%s",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12}}""".formatted(model, text);
    }

    static Event chunk(String model, String text) {
        return new Event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}");
    }

    static Event finish(String model) {
        return new Event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
    }

    static String describe(String model, boolean stream) {
        return "{\"model\": \"" + model + "\", \"stream\": " + stream
                + ", \"images\": [{\"url\": \"https://images.example.com/a.jpg\"}]}";
    }

    static String chat(String model, boolean stream) {
        return "{\"model\": \"" + model + "\", \"stream\": " + stream + ", \"messages\": [{\"role\": \"user\", \"content\": ["
                + "{\"type\": \"text\", \"text\": \"What is this?\"},"
                + "{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://images.example.com/a.jpg\", \"detail\": \"high\"}}]}]}";
    }

    static double fallbacks(String operation, String reason) {
        return Management.counter("gateway_fallbacks_total", "operation=\"" + operation + "\"",
                "from=\"" + FAILING + "\"", "to=\"" + FALLBACK + "\"", "reason=\"" + reason + "\"");
    }

    @Test
    void describeAnsweredByTheFallbackWhenTheModelFails() {
        router.script();
        router.scriptFor(FAILING, new Status(503, UNAVAILABLE));
        router.scriptFor(FALLBACK, new Status(200, completion(FALLBACK, "A red square.")));
        double before = fallbacks("describe", "upstream_error");

        given().contentType(ContentType.JSON).body(describe(FAILING, false))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("model", equalTo(FALLBACK))
                .body("text", equalTo("A red square."))
                .body("warnings", hasItem(containsString("Model " + FAILING + " could not answer (upstream_error")))
                .body("warnings", hasItem(containsString("model " + FALLBACK + " answered instead")));

        // 503 is retried (rule 11) before the model counts as failed; the text-only model is never tried
        assertThat(router.requestsFor(FAILING)).isEqualTo(3);
        assertThat(router.requestsFor(TEXT_ONLY)).isZero();
        assertThat(router.requestsFor(FALLBACK)).isEqualTo(1);
        assertThat(fallbacks("describe", "upstream_error")).isEqualTo(before + 1);
    }

    @Test
    void describeStreamNamesTheFallbackInItsMeta() throws Exception {
        router.script();
        router.scriptFor(FAILING, new Status(502, UNAVAILABLE));
        router.scriptFor(FALLBACK, chunk(FALLBACK, "Hello"), finish(FALLBACK), new Event("[DONE]"));
        double before = fallbacks("describe", "upstream_error");

        String body = given().contentType(ContentType.JSON).body(describe(FAILING, true))
                .when().post("/v1/describe")
                .then().statusCode(200).extract().asString();

        List<SseEvents.Event> events = SseEvents.parse(body);
        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "done");
        JsonNode meta = json.readTree(events.get(0).data());
        assertThat(meta.path("model").asText()).isEqualTo(FALLBACK);
        assertThat(meta.path("warnings").toString()).contains("Model " + FAILING + " could not answer (upstream_error");
        assertThat(router.requestsFor(FAILING)).isEqualTo(1);
        assertThat(fallbacks("describe", "upstream_error")).isEqualTo(before + 1);
    }

    @Test
    void chatAnsweredByTheFallbackWhenTheModelIsRateLimited() throws Exception {
        router.script();
        router.scriptFor(FAILING, new Status(429, "{\"error\": {\"message\": \"slow down\", \"code\": \"rate_limited\"}}"));
        router.scriptFor(FALLBACK, new Status(200, completion(FALLBACK, "A red square.")));
        double before = fallbacks("chat", "upstream_rate_limited");

        Response response = given().contentType(ContentType.JSON).body(chat(FAILING, false))
                .when().post("/v1/chat/completions");

        response.then().statusCode(200)
                .body("model", equalTo(FALLBACK))
                .body("choices[0].message.content", equalTo("A red square."));
        assertThat(response.headers().getValues(ResponseBodies.WARNING_HEADER))
                .anyMatch(warning -> warning.contains("Model " + FAILING + " could not answer (upstream_rate_limited"))
                .anyMatch(warning -> warning.contains("'detail' was ignored: model " + FALLBACK));
        JsonNode sent = lastRequestFor(FALLBACK);
        assertThat(sent.path("model").asText()).isEqualTo(FALLBACK);
        // the fallback does not take detail (rule 7): the copy sent to it has none
        assertThat(sent.path("messages").get(0).path("content").get(1).path("image_url").has("detail")).isFalse();
        assertThat(fallbacks("chat", "upstream_rate_limited")).isEqualTo(before + 1);
    }

    @Test
    void chatStreamFallsBackBeforeItsFirstChunk() {
        router.script();
        router.scriptFor(FAILING, new Status(503, UNAVAILABLE));
        router.scriptFor(FALLBACK, chunk(FALLBACK, "Hello"), finish(FALLBACK), new Event("{\"id\":\"c1\","
                + "\"object\":\"chat.completion.chunk\",\"model\":\"" + FALLBACK + "\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}"), new Event("[DONE]"));
        double before = fallbacks("chat", "upstream_error");
        double fallbackTokens = tokens(FALLBACK);
        double fallbackImages = images(FALLBACK);
        double failingImages = images(FAILING);

        Response response = given().contentType(ContentType.JSON).body(chat(FAILING, true)
                .replace("\"stream\": true", "\"stream\": true, \"stream_options\": {\"include_usage\": true}"))
                .when().post("/v1/chat/completions");

        response.then().statusCode(200);
        assertThat(response.headers().getValues(ResponseBodies.WARNING_HEADER))
                .anyMatch(warning -> warning.contains("Model " + FAILING + " could not answer (upstream_error"));
        List<SseEvents.Event> events = SseEvents.parse(response.asString());
        assertThat(events).extracting(SseEvents.Event::data).last().isEqualTo("[DONE]");
        assertThat(events.get(0).data()).contains("\"model\":\"" + FALLBACK + "\"");
        assertThat(fallbacks("chat", "upstream_error")).isEqualTo(before + 1);
        // usage is the model's that answered, also when it took over after the stream was set up
        assertThat(tokens(FALLBACK)).isEqualTo(fallbackTokens + 10);
        assertThat(images(FALLBACK)).isEqualTo(fallbackImages + 1);
        assertThat(images(FAILING)).isEqualTo(failingImages);
    }

    private static double tokens(String model) {
        return Management.counter("gateway_tokens_total", "kind=\"prompt\"", "operation=\"chat\"",
                "model=\"" + model + "\"");
    }

    private static double images(String model) {
        return Management.counter("gateway_images_total", "operation=\"chat\"", "model=\"" + model + "\"");
    }

    @Test
    void aRequestTheRouterRefusesDoesNotFallBack() {
        router.script();
        router.scriptFor(FAILING, new Status(400, "{\"error\": {\"message\": \"bad image\", \"code\": \"invalid_image\"}}"));
        router.scriptFor(FALLBACK, new Status(200, completion(FALLBACK, "never")));

        given().contentType(ContentType.JSON).body(describe(FAILING, false))
                .when().post("/v1/describe")
                .then().statusCode(400).body("code", equalTo("upstream_rejected"));
        given().contentType(ContentType.JSON).body(chat(FAILING, true))
                .when().post("/v1/chat/completions")
                .then().statusCode(400).body("code", equalTo("upstream_rejected"));

        assertThat(router.requestsFor(FAILING)).isEqualTo(2);
        assertThat(router.requestsFor(FALLBACK)).isZero();
    }

    @Test
    void aFailureAfterTheFirstStreamedByteDoesNotFallBack() throws Exception {
        router.script();
        router.scriptFor(FAILING, chunk(FAILING, "Half an ans"), new Drop());
        router.scriptFor(FALLBACK, chunk(FALLBACK, "never"), finish(FALLBACK), new Event("[DONE]"));

        List<SseEvents.Event> events = SseEvents.parse(given().contentType(ContentType.JSON).body(describe(FAILING, true))
                .when().post("/v1/describe")
                .then().statusCode(200).extract().asString());
        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "error");
        assertThat(json.readTree(events.get(0).data()).path("model").asText()).isEqualTo(FAILING);

        List<SseEvents.Event> chunks = SseEvents.parse(given().contentType(ContentType.JSON).body(chat(FAILING, true))
                .when().post("/v1/chat/completions")
                .then().statusCode(200).extract().asString());
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).data()).contains("Half an ans");
        assertThat(json.readTree(chunks.get(1).data()).path("error").path("code").asText()).startsWith("upstream_");

        assertThat(router.requestsFor(FALLBACK)).isZero();
    }

    @Test
    void aModelWithoutAChainFailsAsBefore() {
        router.script();
        router.scriptFor(FALLBACK, new Status(503, UNAVAILABLE));

        // chat: only FAILING has a chain
        given().contentType(ContentType.JSON).body(chat(FALLBACK, false))
                .when().post("/v1/chat/completions")
                .then().statusCode(502).body("code", equalTo("upstream_error"))
                .body("error.code", equalTo("upstream_error"));
        assertThat(router.requests).hasSize(3);
    }

    private JsonNode lastRequestFor(String model) throws Exception {
        List<String> sent = router.requests.stream().filter(body -> body.contains("\"model\":\"" + model + "\"")).toList();
        assertThat(sent).isNotEmpty();
        return json.readTree(sent.get(sent.size() - 1));
    }
}
