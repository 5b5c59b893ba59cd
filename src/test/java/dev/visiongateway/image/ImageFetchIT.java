package dev.visiongateway.image;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The safe-fetch tests (SSRF refusals, timeouts, size caps),
 * against the packaged app (the fast-jar here, the native executable with -Pnative).
 */
@QuarkusIntegrationTest
class ImageFetchIT extends ImageFetchTest {
}
