package dev.visiongateway.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the {@link ScriptedRouter} as the gateway's router; tests get it through {@link InjectScriptedRouter}. */
public class ScriptedRouterResource implements QuarkusTestResourceLifecycleManager {

    private ScriptedRouter router;

    @Override
    public Map<String, String> start() {
        router = new ScriptedRouter();
        return Map.of("gateway.router.url", router.baseUrl(), "gateway.router.api-key", RouterWireMock.API_KEY);
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
