package dev.visiongateway.traces;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * docs/ARCHITECTURE.md rule 20 with traces on ({@link TracesProfile}: an OTLP endpoint and nothing else): the span
 * tree of a request at both doors and in the offline engine, spans kept on their parents across the worker pool,
 * and the W3C {@code traceparent} the router receives. {@code TracesExportIT} proves the export to the endpoint:
 * here the in-memory exporter ({@link InMemorySpans}) stands in for it.
 */
@QuarkusTest
@TestProfile(TracesProfile.class)
class TracesTest extends RouterTest {

    private static final String IMAGE_PATH = "/images/photo.jpg";

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void startClean() {
        // the catalog load of an earlier test may still be on its way out
        spans.reset();
        router.stubFor(get(urlPathEqualTo(IMAGE_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(TestImages.jpeg(640, 480, Color.BLUE))));
    }

    @Test
    void theSdkIsOnBecauseAnEndpointIsSet() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class)).isFalse();
    }

    @Test
    void describeOfTwoImagesIsOneTraceFromTheServerSpanThroughEachImageToTheRouter() {
        given().contentType(ContentType.JSON).body(Map.of("model", "openai/gpt-4o", "images", List.of(
                // larger than max-side: decoded (subsampled) and re-encoded
                Map.of("url", TestImages.dataUrl("image/png", TestImages.png(3000, 200, Color.RED))),
                Map.of("url", router.baseUrl() + IMAGE_PATH))))
                .when().post("/v1/describe")
                .then().statusCode(200);

        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER && span.getName().contains("/v1/describe"));
        SpanData routerCall = awaitSpan(named("router chat"));
        List<SpanData> trace = traceOf(server);

        List<SpanData> intakes = trace.stream().filter(named("image intake")).toList();
        assertThat(intakes).hasSize(2);
        SpanData first = intakeOf(intakes, 0);
        SpanData second = intakeOf(intakes, 1);
        for (SpanData intake : intakes) {
            assertThat(descendsFrom(intake, server, trace)).as("intake under the server span").isTrue();
            assertThat(childrenOf(intake, trace)).extracting(SpanData::getName).contains("image normalize");
        }
        // the data: URL is normalized and decoded, on the worker pool, under its own intake span
        SpanData firstNormalize = only(childrenOf(first, trace), named("image normalize"));
        assertThat(childrenOf(firstNormalize, trace)).extracting(SpanData::getName).containsExactly("image decode");
        // the URL is downloaded, then normalized, both under the second image's span
        assertThat(childrenOf(second, trace)).extracting(SpanData::getName)
                .containsExactlyInAnyOrder("image fetch", "image normalize");
        assertThat(childrenOf(first, trace)).extracting(SpanData::getName).doesNotContain("image fetch");

        // the router call: under the server span, not under an image, with its first byte marked
        assertThat(routerCall.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(descendsFrom(routerCall, server, trace)).isTrue();
        assertThat(intakes).noneMatch(intake -> descendsFrom(routerCall, intake, trace));
        assertThat(routerCall.getAttributes().asMap()).containsValue("openai/gpt-4o");
        assertThat(routerCall.getEvents()).extracting(event -> event.getName()).containsExactly(Spans.FIRST_BYTE);
        assertRouterGotTraceparentOf(routerCall, trace);
    }

    @Test
    void aStreamedDescribeMarksTheRoutersFirstByteAndKeepsItsParent() {
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody("""
                        data: {"choices":[{"index":0,"delta":{"content":"A red square."},"finish_reason":null}]}

                        data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                        data: [DONE]

                        """)));
        given().contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("model", "openai/gpt-4o", "stream", true,
                        "images", List.of(Map.of("url", TestImages.pngDataUrl(64, 64)))))
                .when().post("/v1/describe")
                .then().statusCode(200);

        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER && span.getName().contains("/v1/describe"));
        SpanData routerCall = awaitSpan(named("router chat"));
        List<SpanData> trace = traceOf(server);
        assertThat(descendsFrom(routerCall, server, trace)).isTrue();
        assertThat(routerCall.getAttributes().asMap()).containsValue(true);
        assertThat(routerCall.getEvents()).extracting(event -> event.getName()).containsExactly(Spans.FIRST_BYTE);
        assertThat(routerCall.getEvents().get(0).getEpochNanos()).isBetween(routerCall.getStartEpochNanos(),
                routerCall.getEndEpochNanos());
        assertRouterGotTraceparentOf(routerCall, trace);
    }

    @Test
    void chatCompletionsIsOneTraceFromTheServerSpanThroughTheImageToTheRouter() {
        // a caller that traces too: the gateway's spans join its trace
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01")
                .contentType(ContentType.JSON).body("""
                        {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                          {"type": "text", "text": "What is this?"},
                          {"type": "image_url", "image_url": {"url": "%s"}}]}]}""".formatted(TestImages.pngDataUrl(64, 64)))
                .when().post("/v1/chat/completions")
                .then().statusCode(200);

        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER
                && span.getName().contains("/v1/chat/completions"));
        assertThat(server.getTraceId()).isEqualTo(callerTrace);
        assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        SpanData routerCall = awaitSpan(named("router chat"));
        List<SpanData> trace = traceOf(server);
        SpanData intake = only(trace, named("image intake"));
        assertThat(descendsFrom(intake, server, trace)).isTrue();
        assertThat(childrenOf(intake, trace)).extracting(SpanData::getName).contains("image normalize");
        assertThat(descendsFrom(routerCall, server, trace)).isTrue();
        assertThat(descendsFrom(routerCall, intake, trace)).isFalse();
        assertRouterGotTraceparentOf(routerCall, trace);
    }

    @Test
    void theLocalEngineHasItsSpanWithItsDecodesAndNothingGoesToTheRouter() {
        int chatsBefore = RouterStubs.chatRequests(router).size();
        given().contentType(ContentType.JSON).body(Map.of("model", "local/vision",
                "images", List.of(Map.of("url", TestImages.pngDataUrl(120, 80)))))
                .when().post("/v1/describe")
                .then().statusCode(200);

        SpanData server = awaitSpan(span -> span.getKind() == SpanKind.SERVER && span.getName().contains("/v1/describe"));
        SpanData engine = awaitSpan(named("local engine"));
        List<SpanData> trace = traceOf(server);
        assertThat(descendsFrom(engine, server, trace)).isTrue();
        // the engine decodes the image itself (the intake keeps it as sent: no normalize, no decode there)
        SpanData intake = only(trace, named("image intake"));
        assertThat(childrenOf(intake, trace)).isEmpty();
        assertThat(trace.stream().filter(named("image decode")))
                .isNotEmpty().allMatch(decode -> descendsFrom(decode, engine, trace));
        assertThat(trace).noneMatch(named("router chat"));
        assertThat(RouterStubs.chatRequests(router)).hasSize(chatsBefore);
    }

    /**
     * The router received a W3C {@code traceparent} of the router call's trace, whose parent is the REST client's
     * span under the router call span.
     */
    private void assertRouterGotTraceparentOf(SpanData routerCall, List<SpanData> trace) {
        List<String> parents = RouterStubs.chatRequests(router).stream()
                .map(request -> request.getHeader("traceparent")).filter(header -> header != null)
                .filter(header -> header.split("-")[1].equals(routerCall.getTraceId())).toList();
        assertThat(parents).as("traceparent headers of the call's trace").hasSize(1);
        String[] parts = parents.get(0).split("-");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("00");
        assertThat(parts[3]).isEqualTo("01");
        SpanData client = awaitSpan(span -> span.getSpanId().equals(parts[2]));
        assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(client.getParentSpanId()).isEqualTo(routerCall.getSpanId());
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(wanted).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** The finished spans of {@code root}'s trace, once the root itself (the last to end) has been exported. */
    private List<SpanData> traceOf(SpanData root) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(root.getTraceId()))
                .toList();
    }

    private static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }

    private static SpanData only(List<SpanData> spans, Predicate<SpanData> wanted) {
        List<SpanData> found = spans.stream().filter(wanted).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static SpanData intakeOf(List<SpanData> intakes, long index) {
        return only(intakes, span -> Long.valueOf(index).equals(span.getAttributes().asMap().entrySet().stream()
                .filter(entry -> entry.getKey().getKey().equals("gateway.image.index")).map(Map.Entry::getValue)
                .findFirst().orElse(null)));
    }

    private static List<SpanData> childrenOf(SpanData parent, List<SpanData> trace) {
        return trace.stream().filter(span -> span.getParentSpanId().equals(parent.getSpanId())).toList();
    }

    private static boolean descendsFrom(SpanData span, SpanData ancestor, List<SpanData> trace) {
        SpanData current = span;
        while (current != null && current.getParentSpanContext().isValid()) {
            if (current.getParentSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
            String parentId = current.getParentSpanId();
            current = trace.stream().filter(candidate -> candidate.getSpanId().equals(parentId)).findFirst()
                    .orElse(null);
        }
        return false;
    }
}
