package dev.visiongateway.catalog;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.upstream.RouterBackend;
import dev.visiongateway.vision.ModelDefaults;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/** Loads the router's catalog; the result is cached for {@code gateway.catalog.ttl}, failures are not. */
@ApplicationScoped
class CatalogLoader {

    static final String CACHE = "model-catalog";

    private final RouterBackend router;
    private final ModelDefaults defaults;

    CatalogLoader(RouterBackend router, ModelDefaults defaults) {
        this.router = router;
        this.defaults = defaults;
    }

    @CacheResult(cacheName = CACHE)
    Uni<List<CatalogModel>> routerModels() {
        return router.imageModels().map(json -> CatalogParser.parse(json, defaults::takesDetail));
    }
}
