package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Files API tests against the packaged app, at the pod's heap. */
@QuarkusIntegrationTest
class FilesIT extends FilesTest {
}
