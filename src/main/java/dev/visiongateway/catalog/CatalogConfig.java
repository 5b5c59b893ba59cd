package dev.visiongateway.catalog;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long the router's model catalog is kept. */
@ConfigMapping(prefix = "gateway.catalog")
public interface CatalogConfig {

    /**
     * Longest a loaded catalog is served without asking the router first: past it, a request waits for the reload,
     * and gets the old copy marked stale if the router fails.
     */
    @WithDefault("10M")
    Duration ttl();

    /** Age after which a request still gets the cached catalog but triggers a reload in the background. */
    @WithDefault("5M")
    Duration refreshAfter();
}
