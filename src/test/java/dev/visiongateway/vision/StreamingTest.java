package dev.visiongateway.vision;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.support.ErrorLog;
import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.RawSseClient;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouter.Drop;
import dev.visiongateway.support.ScriptedRouter.Event;
import dev.visiongateway.support.ScriptedRouter.Pause;
import dev.visiongateway.support.ScriptedRouter.Raw;
import dev.visiongateway.support.ScriptedRouter.Status;
import dev.visiongateway.support.ScriptedRouterResource;
import dev.visiongateway.support.SseEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * docs/ARCHITECTURE.md rule 10: the router's stream is forwarded as it arrives, ends in done or error, and is cancelled with
 * the client.
 */
@QuarkusTest
@WithTestResource(ScriptedRouterResource.class)
class StreamingTest {

    private static final Logger LOG = Logger.getLogger(StreamingTest.class);
    private static final String BODY = "{\"images\": [{\"url\": \"https://images.example.com/a.jpg\"}], \"stream\": true}";
    private final ObjectMapper json = new ObjectMapper();

    @InjectScriptedRouter
    ScriptedRouter router;

    static Event chunk(String text) {
        return ScriptedRouter.chunk(text);
    }

    static Event finish() {
        return ScriptedRouter.finish();
    }

    @Test
    void streamsMetaThenDeltasThenDone() throws Exception {
        router.script(new Event("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}"), chunk("Hello"),
                chunk(" world"), finish(), new Event("[DONE]"));

        String body = given().contentType(ContentType.JSON).body(BODY)
                .when().post("/v1/describe")
                .then().statusCode(200)
                .contentType(startsWith("text/event-stream"))
                .extract().asString();

        List<SseEvents.Event> events = SseEvents.parse(body);
        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "delta", "done");
        JsonNode meta = json.readTree(events.get(0).data());
        assertThat(meta.path("id").asText()).startsWith("vg-");
        assertThat(meta.path("model").asText()).isEqualTo("google/gemini-2.5-flash");
        assertThat(meta.path("images").get(0).path("source").asText()).isEqualTo("url");
        assertThat(json.readTree(events.get(1).data()).path("text").asText()).isEqualTo("Hello");
        assertThat(json.readTree(events.get(2).data()).path("text").asText()).isEqualTo(" world");
        JsonNode done = json.readTree(events.get(3).data());
        assertThat(done.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(done.path("usage").path("total_tokens").asInt()).isEqualTo(12);
        assertThat(json.readTree(router.requests.get(0)).path("stream").asBoolean()).isTrue();
    }

    @Test
    void acceptHeaderAloneAsksForAStream() {
        router.script(chunk("Hi"), finish(), new Event("[DONE]"));

        String body = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"images\": [{\"url\": \"https://images.example.com/a.jpg\"}]}")
                .when().post("/v1/ocr")
                .then().statusCode(200).extract().asString();

        assertThat(SseEvents.parse(body)).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "done");
    }

    @Test
    void readsMultiLineEventsAndSkipsComments() throws Exception {
        router.script(new Raw(": keep-alive\n\n"),
                new Raw("data: {\"choices\":[{\"index\":0,\n data: \"delta\":{\"content\":\"multi\"}}]}\n\n".replace("\n data",
                        "\ndata")),
                new Raw(": still here\n\n"), finish(), new Raw("data: [DONE]\n\n"));

        List<SseEvents.Event> events = SseEvents.parse(streamDescribe());

        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "done");
        assertThat(json.readTree(events.get(1).data()).path("text").asText()).isEqualTo("multi");
    }

    @Test
    void droppedConnectionMidStreamEndsWithAnErrorEvent() throws Exception {
        router.script(chunk("Half an ans"), new Drop());

        List<SseEvents.Event> events = SseEvents.parse(streamDescribe());

        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "error");
        JsonNode problem = json.readTree(events.get(2).data());
        assertThat(problem.path("status").asInt()).isEqualTo(502);
        assertThat(problem.path("code").asText()).startsWith("upstream_");
    }

    @Test
    void streamThatStopsWithoutFinishingEndsWithAnErrorEvent() throws Exception {
        router.script(chunk("Half"));

        List<SseEvents.Event> events = SseEvents.parse(streamDescribe());

        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "error");
        assertThat(json.readTree(events.get(2).data()).path("code").asText()).isEqualTo("upstream_stream_truncated");
    }

    @Test
    void malformedJsonMidStreamEndsWithAnErrorEvent() throws Exception {
        router.script(chunk("One"), new Event("{not json"), chunk("never sent"), finish(), new Event("[DONE]"));

        List<SseEvents.Event> events = SseEvents.parse(streamDescribe());

        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "error");
        assertThat(json.readTree(events.get(2).data()).path("code").asText()).isEqualTo("upstream_malformed");
    }

    @Test
    void errorObjectMidStreamEndsWithAnErrorEvent() throws Exception {
        router.script(chunk("One"), new Event("{\"error\":{\"message\":\"provider overloaded\",\"code\":502}}"));

        List<SseEvents.Event> events = SseEvents.parse(streamDescribe());

        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "error");
        // the router's words stay in the log; its code is passed on
        assertThat(json.readTree(events.get(2).data()).path("detail").asText())
                .isEqualTo("The router failed mid-stream (code 502).");
    }

    @Test
    void routerErrorBeforeTheFirstByteKeepsItsHttpStatus() {
        router.script(new Status(500, "{\"error\":{\"message\":\"boom\"}}"));

        given().contentType(ContentType.JSON).body(BODY)
                .when().post("/v1/describe")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("code", equalTo("upstream_error"));
    }

    @Test
    void clientThatHangsUpCancelsTheRouterCall() throws Exception {
        Pause slow = new Pause(200);
        router.script(chunk("one"), slow, chunk("two"), slow, chunk("three"), slow, chunk("four"), slow, chunk("five"),
                slow, chunk("six"), slow, chunk("seven"), slow, chunk("eight"), slow, chunk("nine"), slow, finish());

        long hungUp;
        try (ErrorLog errors = ErrorLog.open()) {
            try (RawSseClient client = new RawSseClient(RestAssured.port, "/v1/describe", BODY)) {
                assertThat(client.readLineStartingWith("event: delta")).isNotNull();
                hungUp = System.nanoTime();
            }

            long closed = router.closedByGateway.get(1, TimeUnit.SECONDS);
            LOG.infof("router connection closed %.1f ms after the client hung up; %d of 10 chunks were sent",
                    (closed - hungUp) / 1e6, router.sentNanos.size());
            assertThat(router.sentNanos.size()).isLessThan(10);
            // a hang-up is a normal event: the router call's reset that follows is no error of anyone's
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> errors.records().stream().noneMatch(record -> record.contains("Mutiny")
                            || record.startsWith("dev.visiongateway")));
        }
    }

    @Test
    void clientThatHangsUpBeforeAWholeAnswerCancelsTheRouterCall() throws Exception {
        router.script(new Pause(5_000), new Raw("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"late\"},\"finish_reason\":\"stop\"}]}"));

        try (ErrorLog errors = ErrorLog.open()) {
            try (RawSseClient client = new RawSseClient(RestAssured.port, "/v1/describe",
                    BODY.replace("true", "false"), "application/json")) {
                await().atMost(Duration.ofSeconds(5)).until(() -> !router.requests.isEmpty());
            }

            router.closedByGateway.get(2, TimeUnit.SECONDS);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> errors.records().stream().noneMatch(record -> record.contains("Mutiny")
                            || record.startsWith("dev.visiongateway")));
        }
    }

    @Test
    void deltasAreForwardedAsTheyArrive() throws Exception {
        int count = 20;
        // the router sends each chunk only after the client has read the delta of the one before: a gateway that
        // held a delta back until more chunks came would stall this stream, and the client's read would time out
        List<CompletableFuture<Void>> read = new java.util.ArrayList<>();
        List<ScriptedRouter.Step> steps = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            read.add(new CompletableFuture<>());
            steps.add(chunk("part" + i));
            steps.add(new ScriptedRouter.Await(read.get(i)));
        }
        steps.add(finish());
        steps.add(new Event("[DONE]"));
        router.script(steps.toArray(ScriptedRouter.Step[]::new));

        long[] received = new long[count];
        try (RawSseClient client = new RawSseClient(RestAssured.port, "/v1/describe", BODY)) {
            for (int i = 0; i < count; i++) {
                assertThat(client.readLineStartingWith("event: delta")).as("delta " + i).isNotNull();
                received[i] = System.nanoTime();
                read.get(i).complete(null);
            }
            assertThat(client.readLineStartingWith("event: done")).isNotNull();
        }

        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = (received[i] - router.sentNanos.get(i)) / 1e6;
        }
        double first = latencies[0];
        java.util.Arrays.sort(latencies);
        LOG.infof("router-to-client delta latency over %d deltas: first %.3f ms, median %.3f ms, p90 %.3f ms, max %.3f ms",
                count, first, latencies[count / 2], latencies[count * 9 / 10], latencies[count - 1]);
    }

    @Test
    void chatCompletionsStreamIsForwardedByteForByteAndEndsWithDone() {
        router.script(chunk("Hi"), finish(), new Event("[DONE]"));

        String body = given().contentType(ContentType.JSON)
                .body("{\"model\": \"openai/gpt-4o\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(200).contentType(startsWith("text/event-stream")).extract().asString();

        assertThat(body).isEqualTo("data: " + chunk("Hi").data() + "\n\n" + "data: " + finish().data() + "\n\n"
                + "data: [DONE]\n\n");
    }

    @Test
    void chatCompletionsStreamFailureEndsWithAnOpenAiErrorEventAndNoDone() throws Exception {
        router.script(chunk("Hi"), new Drop());

        String body = given().contentType(ContentType.JSON)
                .body("{\"model\": \"openai/gpt-4o\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .when().post("/v1/chat/completions")
                .then().statusCode(200).extract().asString();

        List<SseEvents.Event> events = SseEvents.parse(body);
        assertThat(events).hasSize(2);
        assertThat(json.readTree(events.get(1).data()).path("error").path("code").asText()).startsWith("upstream_");
        assertThat(body).doesNotContain("[DONE]");
    }

    private String streamDescribe() {
        return given().contentType(ContentType.JSON).body(BODY)
                .when().post("/v1/describe")
                .then().statusCode(200).extract().asString();
    }
}
