package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged app with no router configured: it starts, is ready, and says how to configure one. */
@QuarkusIntegrationTest
class NoRouterIT extends NoRouterTest {
}
