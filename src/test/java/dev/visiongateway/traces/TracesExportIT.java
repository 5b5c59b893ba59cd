package dev.visiongateway.traces;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * docs/ARCHITECTURE.md rule 20 in the packaged jar, which has only the OTLP exporter: an endpoint alone
 * ({@link TracesProfile}) turns traces on, the request's spans reach the collector as OTLP/HTTP, and the router
 * received the request's {@code traceparent}.
 */
@QuarkusIntegrationTest
@TestProfile(TracesProfile.class)
class TracesExportIT extends RouterTest {

    @InjectCollector
    WireMockServer collector;

    @Test
    void theRequestsSpansReachTheOtlpEndpoint() {
        given().contentType(ContentType.JSON).body(Map.of("model", "openai/gpt-4o",
                "images", List.of(Map.of("url", TestImages.pngDataUrl(64, 64)))))
                .when().post("/v1/describe")
                .then().statusCode(200);

        String traceparent = RouterStubs.chatRequests(router).get(0).getHeader("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(exported())
                .contains("router chat").contains("image intake"));
        List<LoggedRequest> exports = collector.findAll(postRequestedFor(urlPathEqualTo("/v1/traces")));
        assertThat(exports).allSatisfy(export -> assertThat(export.getHeader("Content-Type"))
                .isEqualTo("application/x-protobuf"));
    }

    /** Every export body, as text: span names travel as plain strings in the protobuf. */
    private String exported() {
        StringBuilder bodies = new StringBuilder();
        collector.findAll(postRequestedFor(urlPathEqualTo("/v1/traces")))
                .forEach(export -> bodies.append(new String(export.getBody(), StandardCharsets.ISO_8859_1)));
        return bodies.toString();
    }
}
