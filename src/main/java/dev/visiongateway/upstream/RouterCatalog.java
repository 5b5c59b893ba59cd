package dev.visiongateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.catalog.RemoteCatalog;
import io.smallrye.mutiny.Uni;

/**
 * The router's model catalog behind the catalog's port; the circuit breaker's refusal of
 * {@link RouterBackend#imageModels()}, which its interceptor raises, is mapped to a problem here.
 */
@ApplicationScoped
class RouterCatalog implements RemoteCatalog {

    private final RouterBackend router;

    RouterCatalog(RouterBackend router) {
        this.router = router;
    }

    @Override
    public boolean configured() {
        return router.configured();
    }

    @Override
    public Uni<JsonNode> imageModels() {
        return Uni.createFrom().deferred(router::imageModels).onFailure().transform(UpstreamFaults::toProblem);
    }
}
