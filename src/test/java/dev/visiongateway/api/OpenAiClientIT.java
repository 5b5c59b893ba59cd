package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The official OpenAI Java client against the packaged app. */
@QuarkusIntegrationTest
class OpenAiClientIT extends OpenAiClientTest {
}
