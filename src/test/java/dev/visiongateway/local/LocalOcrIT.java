package dev.visiongateway.local;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The offline OCR tests (Tesseract),
 * against the packaged app (the fast-jar here, the native executable with -Pnative).
 */
@QuarkusIntegrationTest
class LocalOcrIT extends LocalOcrTest {
}
