package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The client fault tests, against the packaged app: validation and problem mapping survive packaging. */
@QuarkusIntegrationTest
class ClientProblemsIT extends ClientProblemsTest {
}
