package dev.visiongateway.support;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.common.WithTestResource;

/** A test against the gateway with the fake router, which starts each test with the standard catalog and answer. */
@WithTestResource(RouterWireMock.class)
public abstract class RouterTest {

    public static final String ANSWER = "A red square on a white background.";

    @InjectRouter
    protected WireMockServer router;

    @Inject
    @CacheName("model-catalog")
    protected Cache catalogCache;

    @BeforeEach
    void resetRouter() {
        RouterStubs.standard(router, ANSWER);
        catalogCache.invalidateAll().await().indefinitely();
    }
}
