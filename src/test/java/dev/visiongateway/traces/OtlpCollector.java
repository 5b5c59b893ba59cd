package dev.visiongateway.traces;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * An OTLP/HTTP collector on a loopback port that accepts every export and records it. Its address is the only
 * tracing setting {@link TracesProfile} gives (as an operator would set {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}),
 * so the tests prove that an endpoint alone turns traces on.
 */
public class OtlpCollector implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post(urlPathEqualTo("/v1/traces")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-protobuf")));
        return Map.of("quarkus.otel.exporter.otlp.endpoint", server.baseUrl(),
                "quarkus.otel.exporter.otlp.protocol", "http/protobuf");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectCollector.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
