package dev.visiongateway.image;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The intake fuzzing against the packaged app, with the pod's heap (-Xmx192m). */
@QuarkusIntegrationTest
class IntakeFuzzIT extends IntakeFuzzTest {
}
