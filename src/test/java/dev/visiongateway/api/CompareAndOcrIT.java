package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The compare and ocr tests, against the packaged app. */
@QuarkusIntegrationTest
class CompareAndOcrIT extends CompareAndOcrTest {
}
