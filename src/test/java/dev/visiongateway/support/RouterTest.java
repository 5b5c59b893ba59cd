package dev.visiongateway.support;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.cache.CacheManager;
import io.quarkus.test.common.WithTestResource;

/**
 * A test against the gateway with the fake router, which starts each test with the standard catalog and answer.
 * It injects nothing from the app (no {@code @Inject}), so that the {@code *IT} subclasses can run the same tests
 * against the packaged jar.
 */
@WithTestResource(RouterWireMock.class)
public abstract class RouterTest {

    public static final String ANSWER = "A red square on a white background.";

    @InjectRouter
    protected WireMockServer router;

    @BeforeEach
    void resetRouter() {
        RouterStubs.standard(router, ANSWER);
        if (Arc.container() != null) {
            forgetCatalog();
        }
        // else: an integration test, whose app keeps the catalog it loaded first: the standard one every test starts with
    }

    /**
     * Drops the gateway's cached model catalog, so that the next call asks the router again. A {@code @QuarkusTest}
     * runs the app in this JVM and reaches the cache through Arc; the app of a {@code @QuarkusIntegrationTest} runs
     * in its own process, out of reach, so tests that need this carry {@code @DisabledOnIntegrationTest}.
     */
    protected static void forgetCatalog() {
        ArcContainer app = Arc.container();
        if (app == null) {
            throw new IllegalStateException("The packaged app's catalog cache cannot be reached from an integration test;"
                    + " mark the test @DisabledOnIntegrationTest.");
        }
        app.instance(CacheManager.class).get().getCache("model-catalog").orElseThrow()
                .invalidateAll().await().indefinitely();
    }
}
