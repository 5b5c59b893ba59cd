package dev.visiongateway.catalog;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.All;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/**
 * Loads the router's catalog into the cache {@code model-catalog}, where {@link ModelCatalog} keeps its one copy;
 * failures are not cached.
 */
@ApplicationScoped
class CatalogLoader {

    static final String CACHE = "model-catalog";

    /** The cache key of the one entry: the modality the catalog is asked for. */
    static final String MODALITY = "image";

    private final RemoteCatalog remote;
    private final ModelDefaults defaults;
    private final List<CatalogModel> builtIn;

    CatalogLoader(RemoteCatalog remote, ModelDefaults defaults, @All List<BuiltInModels> builtIn) {
        this.remote = remote;
        this.defaults = defaults;
        this.builtIn = builtIn.stream().flatMap(source -> source.models().stream()).toList();
    }

    /** The router's models followed by the built-in ones, and when the router gave them. */
    record Loaded(ModelCatalog.Snapshot snapshot, Instant at) {
    }

    /** The models the gateway serves itself: always in the catalog, router or not. */
    List<CatalogModel> builtIn() {
        return builtIn;
    }

    /** The first load: requests that arrive while it runs wait for the same call to the router. */
    @CacheResult(cacheName = CACHE)
    Uni<Loaded> routerModels(@CacheKey String modality) {
        return load();
    }

    /** A fresh copy, past the cache; the caller decides whether to keep it. */
    Uni<Loaded> load() {
        return remote.imageModels().map(json -> new Loaded(
                new ModelCatalog.Snapshot(CatalogParser.parse(json, defaults::takesDetail), false).with(builtIn),
                Instant.now()));
    }
}
