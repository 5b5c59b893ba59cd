package dev.visiongateway.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the {@link ScriptedRouter} as the gateway's router; tests get it through {@link InjectScriptedRouter}. With
 * the init argument {@code tls=true} the router speaks HTTPS (and HTTP/2 by ALPN), and the gateway trusts its
 * certificate through the TLS registry's {@code router} configuration, as an operator with a private CA would.
 */
public class ScriptedRouterResource implements QuarkusTestResourceLifecycleManager {

    private ScriptedRouter router;
    private boolean tls;

    @Override
    public void init(Map<String, String> initArgs) {
        tls = Boolean.parseBoolean(initArgs.getOrDefault("tls", "false"));
    }

    @Override
    public Map<String, String> start() {
        router = new ScriptedRouter(tls);
        Map<String, String> config = new java.util.HashMap<>(Map.of("gateway.router.url", router.baseUrl(),
                "gateway.router.api-key", RouterWireMock.API_KEY));
        if (tls) {
            config.put("quarkus.tls.router.trust-store.pem.certs", ScriptedRouter.CERTIFICATE);
        }
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(router,
                new TestInjector.AnnotatedAndMatchesType(InjectScriptedRouter.class, ScriptedRouter.class));
    }

    @Override
    public void stop() {
        if (router != null) {
            router.close();
        }
    }
}
