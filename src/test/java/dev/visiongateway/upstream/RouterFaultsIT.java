package dev.visiongateway.upstream;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Router faults against the packaged app: retries, timeouts and the problems they become. */
@QuarkusIntegrationTest
class RouterFaultsIT extends RouterFaultsTest {
}
