package dev.visiongateway.catalog;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/** Loads the router's catalog; the result is cached for {@code gateway.catalog.ttl}, failures are not. */
@ApplicationScoped
class CatalogLoader {

    static final String CACHE = "model-catalog";

    private final RemoteCatalog remote;
    private final ModelDefaults defaults;

    CatalogLoader(RemoteCatalog remote, ModelDefaults defaults) {
        this.remote = remote;
        this.defaults = defaults;
    }

    /** The router's models and when they were loaded. */
    record Loaded(List<CatalogModel> models, Instant at) {
    }

    /** The cache key of the one entry: the modality the catalog is asked for. */
    static final String MODALITY = "image";

    @CacheResult(cacheName = CACHE)
    Uni<Loaded> routerModels(@CacheKey String modality) {
        return load();
    }

    /** A fresh copy, past the cache; the caller decides whether to keep it. */
    Uni<Loaded> load() {
        return remote.imageModels().map(json -> new Loaded(CatalogParser.parse(json, defaults::takesDetail),
                Instant.now()));
    }
}
