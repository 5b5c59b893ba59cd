package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Six full-size phone photos against the packaged app, at the pod's heap (-Xmx192m). */
@QuarkusIntegrationTest
class PhonePhotosIT extends PhonePhotosTest {
}
