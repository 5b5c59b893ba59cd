package dev.visiongateway.catalog;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.visiongateway.problem.GatewayProblem;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** Ready when the model catalog can be served: loaded from the router, kept from before, or not needed (no router). */
@Readiness
class CatalogReadiness implements AsyncHealthCheck {

    private final ModelCatalog catalog;
    private final RemoteCatalog remote;

    CatalogReadiness(ModelCatalog catalog, RemoteCatalog remote) {
        this.catalog = catalog;
        this.remote = remote;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!remote.configured()) {
            return Uni.createFrom().item(HealthCheckResponse.named("model-catalog").up()
                    .withData("router", "not configured").build());
        }
        return catalog.current()
                .map(snapshot -> HealthCheckResponse.named("model-catalog").up()
                        .withData("models", snapshot.models().size()).withData("stale", snapshot.stale()).build())
                // the problem's code, never the router's words: they went to the log (upstream.RouterFault)
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("model-catalog").down()
                        .withData("error", failure instanceof GatewayProblem problem ? problem.code().id()
                                : "internal_error")
                        .build());
    }
}
