package dev.visiongateway.local;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The document set against the packaged app, at the pod's heap (-Xmx192m). */
@QuarkusIntegrationTest
class OcrDocumentsIT extends OcrDocumentsTest {
}
