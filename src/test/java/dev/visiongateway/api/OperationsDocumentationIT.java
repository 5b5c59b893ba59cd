package dev.visiongateway.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged app keeps health, metrics and the OpenAPI document off its public port. */
@QuarkusIntegrationTest
class OperationsDocumentationIT extends OperationsDocumentationTest {
}
