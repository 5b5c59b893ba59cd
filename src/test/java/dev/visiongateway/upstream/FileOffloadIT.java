package dev.visiongateway.upstream;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Offload, reuse and upload-again against the packaged app, at the pod's heap. */
@QuarkusIntegrationTest
class FileOffloadIT extends FileOffloadTest {
}
