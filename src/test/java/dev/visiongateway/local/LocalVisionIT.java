package dev.visiongateway.local;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The offline describe and compare tests,
 * against the packaged app (the fast-jar here, the native executable with -Pnative).
 */
@QuarkusIntegrationTest
class LocalVisionIT extends LocalVisionTest {
}
