package dev.visiongateway.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouter.Event;
import dev.visiongateway.support.ScriptedRouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * docs/ARCHITECTURE.md rule 10 under load: with many streams in flight on pooled router connections, every stream
 * ends complete. A stream that ended at the router must never take down a connection that another request uses.
 */
@QuarkusTest
@WithTestResource(ScriptedRouterResource.class)
class StreamsUnderLoadTest {

    private static final int REQUESTS = 1_000;
    private static final int CONCURRENCY = 32;

    @InjectScriptedRouter
    ScriptedRouter router;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void quickAnswer() {
        router.script(new Event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"A red\"}}]}"),
                StreamingTest.chunk(" square."), StreamingTest.finish(), new Event("[DONE]"));
    }

    @Test
    void everyStreamedChatCompletionEndsWithDone() throws Exception {
        String body = """
                {"model": "openai/gpt-4o", "stream": true, "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What is this?"},
                  {"type": "image_url", "image_url": {"url": "https://images.example.com/a.jpg"}}]}]}""";
        Map<String, Integer> outcomes = load("/v1/chat/completions", body, "data: [DONE]\n\n");
        assertThat(outcomes).containsExactly(Map.entry("complete", REQUESTS));
    }

    @Test
    void everyStreamedDescribeEndsWithDone() throws Exception {
        String body = "{\"images\": [{\"url\": \"https://images.example.com/a.jpg\"}], \"stream\": true}";
        Map<String, Integer> outcomes = load("/v1/describe", body, "event: done\ndata: {\"finish_reason\":\"stop\"");
        assertThat(outcomes).containsExactly(Map.entry("complete", REQUESTS));
    }

    /** Sends the body {@link #REQUESTS} times, {@link #CONCURRENCY} at once; counts how each answer ended. */
    private Map<String, Integer> load(String path, String body, String completeMarker) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<CompletableFuture<String>> answers = new ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            inFlight.acquire();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) -> {
                        inFlight.release();
                        if (failure != null) {
                            return "failed: " + failure.getClass().getSimpleName();
                        }
                        if (response.statusCode() != 200) {
                            return "status " + response.statusCode() + ": " + response.body();
                        }
                        return lastEvent(response.body()).startsWith(completeMarker) ? "complete"
                                : "incomplete: " + response.body().substring(Math.max(0, response.body().length() - 300));
                    }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (CompletableFuture<String> answer : answers) {
            outcomes.merge(answer.join(), 1, Integer::sum);
        }
        return outcomes;
    }

    /** The last SSE event of a body that ends properly (with an empty line), else the body's end. */
    private static String lastEvent(String body) {
        if (!body.endsWith("\n\n")) {
            return body;
        }
        int start = body.lastIndexOf("\n\n", body.length() - 3);
        return body.substring(start < 0 ? 0 : start + 2);
    }
}
