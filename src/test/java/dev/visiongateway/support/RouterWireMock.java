package dev.visiongateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The LLM router, faked by WireMock on a loopback port; tests get it through {@link InjectRouter}. */
public class RouterWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "test-router-key-123";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return Map.of("gateway.router.url", server.baseUrl(), "gateway.router.api-key", API_KEY);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectRouter.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
