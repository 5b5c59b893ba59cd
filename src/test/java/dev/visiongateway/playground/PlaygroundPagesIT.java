package dev.visiongateway.playground;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same pages, served from the packaged app: the static files are in it. */
@QuarkusIntegrationTest
class PlaygroundPagesIT extends PlaygroundPagesTest {
}
