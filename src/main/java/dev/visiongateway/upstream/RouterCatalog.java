package dev.visiongateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.catalog.RemoteCatalog;
import io.smallrye.mutiny.Uni;

/**
 * The router's model catalog behind the catalog's port. A bean of its own, so that the circuit breaker on
 * {@link RouterBackend#imageModels()} is applied (it is an interceptor) and its refusal mapped to a problem here.
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
