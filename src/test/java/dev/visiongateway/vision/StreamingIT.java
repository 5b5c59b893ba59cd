package dev.visiongateway.vision;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The streaming tests, against the packaged app: SSE framing, failures and cancellation. */
@QuarkusIntegrationTest
class StreamingIT extends StreamingTest {
}
