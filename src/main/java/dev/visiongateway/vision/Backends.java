package dev.visiongateway.vision;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.local.LocalBackend;
import dev.visiongateway.local.LocalModels;
import dev.visiongateway.upstream.RouterBackend;
import io.quarkus.runtime.StartupEvent;

/**
 * Picks the backend that runs a model: {@code local/*} models run on the offline engine, router or not; every
 * other model goes to the router. Without a router the local models are also the operations' defaults.
 */
@ApplicationScoped
public class Backends {

    private static final Logger LOG = Logger.getLogger(Backends.class);

    private final RouterBackend router;
    private final LocalBackend local;
    private final ModelDefaults defaults;

    Backends(RouterBackend router, LocalBackend local, ModelDefaults defaults) {
        this.router = router;
        this.local = local;
        this.defaults = defaults;
    }

    void announce(@Observes StartupEvent started) {
        if (!router.configured()) {
            LOG.infof("No LLM router configured: the offline engine serves describe, compare (%s) and ocr (%s) on"
                    + " this machine [%s]. To use a router, set GATEWAY_ROUTER_URL and GATEWAY_ROUTER_API_KEY.",
                    LocalModels.VISION, LocalModels.OCR, local.engineSummary());
        }
    }

    public VisionBackend forModel(String model) {
        if (LocalModels.isLocal(model)) {
            return local;
        }
        if (!router.configured()) {
            throw routerNotConfigured(model);
        }
        return router;
    }

    /** The model of an operation whose request names none: the configured default, or the local model offline. */
    public String defaultModel(Operation operation) {
        return router.configured() ? defaults.forOperation(operation) : LocalModels.forOperation(operation);
    }

    static GatewayProblem routerNotConfigured(String model) {
        return GatewayProblem.of(ErrorCode.ROUTER_NOT_CONFIGURED, null, "No LLM router is configured, so model '" + model
                + "' cannot run. Set GATEWAY_ROUTER_URL (and GATEWAY_ROUTER_API_KEY) and restart the gateway, or use"
                + " the offline models " + LocalModels.VISION + " (describe, compare) and " + LocalModels.OCR + ".");
    }
}
