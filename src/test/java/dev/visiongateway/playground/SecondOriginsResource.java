package dev.visiongateway.playground;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts {@link SecondOrigins} and adds the allowed one to the gateway's CORS origins, beside the test profile's
 * own; tests get the origins through {@link InjectSecondOrigins}.
 */
public class SecondOriginsResource implements QuarkusTestResourceLifecycleManager {

    private SecondOrigins origins;

    @Override
    public Map<String, String> start() {
        origins = new SecondOrigins();
        String allowed = "https://app.example.com," + origins.allowed();
        // the profile's own key too: a %test value would otherwise win over the plain one
        return Map.of("quarkus.http.cors.origins", allowed, "%test.quarkus.http.cors.origins", allowed);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(origins,
                new TestInjector.AnnotatedAndMatchesType(InjectSecondOrigins.class, SecondOrigins.class));
    }

    @Override
    public void stop() {
        if (origins != null) {
            origins.close();
        }
    }
}
