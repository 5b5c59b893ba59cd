package dev.visiongateway.local;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The offline engine beside a router, on the packaged app. In the -Paot build it also puts the engine's classes into
 * the AOT cache: it shares the launch the cache is trained in (pom.xml, aot.training-tests).
 */
@QuarkusIntegrationTest
class LocalModelsWithRouterIT extends LocalModelsWithRouterTest {
}
