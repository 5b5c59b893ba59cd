package dev.visiongateway.catalog;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.visiongateway.upstream.RouterBackend;
import dev.visiongateway.upstream.UpstreamFaults;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** Ready when the model catalog can be served: loaded from the router, kept from before, or not needed (no router). */
@Readiness
class CatalogReadiness implements AsyncHealthCheck {

    private final ModelCatalog catalog;
    private final RouterBackend router;

    CatalogReadiness(ModelCatalog catalog, RouterBackend router) {
        this.catalog = catalog;
        this.router = router;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!router.configured()) {
            return Uni.createFrom().item(HealthCheckResponse.named("model-catalog").up()
                    .withData("router", "not configured").build());
        }
        return catalog.current()
                .map(snapshot -> HealthCheckResponse.named("model-catalog").up()
                        .withData("models", snapshot.models().size()).withData("stale", snapshot.stale()).build())
                // the problem's code, never the router's words: they went to the log (upstream.RouterFault)
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("model-catalog").down()
                        .withData("error", UpstreamFaults.toProblem(failure).code().id()).build());
    }
}
