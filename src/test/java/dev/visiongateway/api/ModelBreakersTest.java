package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.ScriptedRouter;
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
 * docs/ARCHITECTURE.md rule 19: each model has its own circuit breaker. Once the failing model's is open, its calls
 * go to the fallback without reaching the router, at both doors, while another model is still called.
 */
@QuarkusTest
@TestProfile(ModelBreakersTest.OneBreakerPerModel.class)
@WithTestResource(ScriptedRouterResource.class)
class ModelBreakersTest {

    static final String FAILING = FallbackModelsTest.FAILING;
    static final String FALLBACK = FallbackModelsTest.FALLBACK;
    /** No chat chain names it. */
    static final String OTHER = "anthropic/claude-sonnet-4";

    public static class OneBreakerPerModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.models.fallbacks.describe", FALLBACK,
                    "gateway.models.chat-fallbacks", FAILING + ">" + FALLBACK,
                    "gateway.router.retries", "0",
                    "gateway.breaker.enabled", "true",
                    "gateway.breaker.request-volume-threshold", "2",
                    "gateway.breaker.failure-ratio", "0.5",
                    // open for the whole test
                    "gateway.breaker.delay", "10m");
        }
    }

    private final ObjectMapper json = new ObjectMapper();

    @InjectScriptedRouter
    ScriptedRouter router;

    @Test
    void anOpenBreakerSendsTheModelsCallsToTheFallbackAndLeavesOtherModelsAlone() throws Exception {
        router.script();
        router.scriptFor(FAILING, new Status(503, "{\"error\": {\"message\": \"down\"}}"));
        router.scriptFor(FALLBACK, new Status(200, FallbackModelsTest.completion(FALLBACK, "From the fallback.")));
        router.scriptFor(OTHER, new Status(200, FallbackModelsTest.completion(OTHER, "From another model.")));

        for (int i = 0; i < 2; i++) {
            describe(FAILING, false).then().statusCode(200).body("model", equalTo(FALLBACK))
                    .body("warnings", hasItem(containsString("(upstream_error")));
        }
        long failingCalls = router.requestsFor(FAILING);
        assertThat(failingCalls).isEqualTo(2);
        double before = FallbackModelsTest.fallbacks("describe", "upstream_circuit_open")
                + FallbackModelsTest.fallbacks("chat", "upstream_circuit_open");

        // the breaker of FAILING is open: the fallback answers and FAILING is not called
        describe(FAILING, false).then().statusCode(200).body("model", equalTo(FALLBACK))
                .body("warnings", hasItem(containsString("(upstream_circuit_open")));
        String streamed = describe(FAILING, true).then().statusCode(200).extract().asString();
        assertThat(json.readTree(SseEvents.parse(streamed).get(0).data()).path("model").asText()).isEqualTo(FALLBACK);
        Response chat = chat(FAILING, false);
        chat.then().statusCode(200).body("model", equalTo(FALLBACK));
        assertThat(chat.headers().getValues(ResponseBodies.WARNING_HEADER))
                .anyMatch(warning -> warning.contains("(upstream_circuit_open"));
        Response chatStream = chat(FAILING, true);
        chatStream.then().statusCode(200);
        assertThat(chatStream.headers().getValues(ResponseBodies.WARNING_HEADER))
                .anyMatch(warning -> warning.contains("(upstream_circuit_open"));
        assertThat(router.requestsFor(FAILING)).isEqualTo(failingCalls);
        assertThat(FallbackModelsTest.fallbacks("describe", "upstream_circuit_open")
                + FallbackModelsTest.fallbacks("chat", "upstream_circuit_open")).isEqualTo(before + 4);

        // another model, with no fallback of its own, is still called: the open breaker is FAILING's only
        describe(OTHER, false).then().statusCode(200).body("model", equalTo(OTHER)).body("warnings", empty());
        chat(OTHER, false).then().statusCode(200).body("model", equalTo(OTHER))
                .body("choices[0].message.content", equalTo("From another model."));
        assertThat(router.requestsFor(OTHER)).isEqualTo(2);
    }

    private Response describe(String model, boolean stream) {
        return post("/v1/describe", FallbackModelsTest.describe(model, stream), stream);
    }

    private Response chat(String model, boolean stream) {
        return post("/v1/chat/completions", FallbackModelsTest.chat(model, stream), stream);
    }

    /** The fallback answers a stream with events, else with one document. */
    private Response post(String path, String body, boolean stream) {
        if (stream) {
            router.scriptFor(FALLBACK, FallbackModelsTest.chunk(FALLBACK, "Hi"), FallbackModelsTest.finish(FALLBACK),
                    new Event("[DONE]"));
        }
        Response response = given().contentType(ContentType.JSON).body(body).when().post(path);
        if (stream) {
            router.scriptFor(FALLBACK, new Status(200, FallbackModelsTest.completion(FALLBACK, "From the fallback.")));
        }
        return response;
    }
}
