package dev.visiongateway.catalog;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The catalog tests against the packaged app; the two that empty its cache run only as @QuarkusTest. */
@QuarkusIntegrationTest
class ModelCatalogIT extends ModelCatalogTest {
}
