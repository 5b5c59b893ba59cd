package dev.visiongateway.traces;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;

/**
 * docs/ARCHITECTURE.md rule 20 with the default configuration (no OTLP endpoint): the SDK is off, the gateway
 * starts no span of its own, nothing is exported and no {@code traceparent} is sent to the router.
 */
@QuarkusTest
class TracesOffTest extends RouterTest {

    @Inject
    InMemorySpanExporter exporter;

    @Inject
    Spans spans;

    @Test
    void theSdkIsOffAndTheGatewaysSpansAreNotEvenStarted() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
        // the work runs without a span around it (Quarkus' tracer would still build one, recording, and drop it)
        Boolean inASpan = spans.uni("probe", Attributes.empty(),
                () -> Uni.createFrom().item(() -> Span.current().getSpanContext().isValid()))
                .await().indefinitely();
        assertThat(inASpan).isFalse();
    }

    @Test
    void aRequestExportsNothingAndSendsTheRouterNoTraceparent() {
        int before = RouterStubs.chatRequests(router).size();
        given().contentType(ContentType.JSON).body(Map.of("model", "openai/gpt-4o",
                "images", List.of(Map.of("url", TestImages.pngDataUrl(64, 64)))))
                .when().post("/v1/describe")
                .then().statusCode(200);

        assertThat(RouterStubs.chatRequests(router)).hasSize(before + 1);
        assertThat(RouterStubs.chatRequests(router).get(before).getHeader("traceparent")).isNull();
        exporter.flush();
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
}
