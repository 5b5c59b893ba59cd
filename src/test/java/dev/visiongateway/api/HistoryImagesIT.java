package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The history image tests against the packaged app, at the pod's heap. */
@QuarkusIntegrationTest
class HistoryImagesIT extends HistoryImagesTest {
}
