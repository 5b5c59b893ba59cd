package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The OpenAI-compatible endpoint's tests, against the packaged app: its JSON trees and hand-written answers. */
@QuarkusIntegrationTest
class ChatCompletionsIT extends ChatCompletionsTest {
}
