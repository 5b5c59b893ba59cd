package dev.visiongateway.vision;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.api.GatewayProblem;
import dev.visiongateway.upstream.RouterBackend;

/** Picks the backend that runs a model. */
@ApplicationScoped
public class Backends {

    private final RouterBackend router;

    Backends(RouterBackend router) {
        this.router = router;
    }

    public VisionBackend forModel(String model) {
        if (!router.configured()) {
            throw routerNotConfigured(model);
        }
        return router;
    }

    static GatewayProblem routerNotConfigured(String model) {
        return GatewayProblem.unavailable("router_not_configured", "No LLM router is configured, so model '" + model
                + "' cannot run. Set GATEWAY_ROUTER_URL (and GATEWAY_ROUTER_API_KEY) and restart the gateway.");
    }
}
