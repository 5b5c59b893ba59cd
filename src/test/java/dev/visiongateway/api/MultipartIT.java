package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The multipart upload tests,
 * against the packaged app (the fast-jar here, the native executable with -Pnative).
 */
@QuarkusIntegrationTest
class MultipartIT extends MultipartTest {
}
