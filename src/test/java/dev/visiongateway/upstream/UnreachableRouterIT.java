package dev.visiongateway.upstream;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged app with a closed router port: 503s, then the circuit breaker opens. */
@QuarkusIntegrationTest
class UnreachableRouterIT extends UnreachableRouterTest {
}
