package dev.visiongateway.image;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The image intake tests (formats, EXIF, bombs),
 * against the packaged app (the fast-jar here, the native executable with -Pnative).
 */
@QuarkusIntegrationTest
class ImageIntakeIT extends ImageIntakeTest {
}
