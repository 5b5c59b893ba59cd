package dev.visiongateway.access;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.visiongateway.problem.GatewayProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts each client key's requests in its minute window (docs/ARCHITECTURE.md rule 16) once Quarkus Security has
 * named the caller and before the body is admitted, so a key over its limit costs no body budget: {@code 429} with
 * {@code Retry-After}, and the window's standing in the {@code RateLimit-*} headers of every answer.
 */
@ApplicationScoped
public class RequestRateLimit {

    private final ClientKeys keys;
    private final RateLimits limits;
    private final BodyAdmission admission;

    RequestRateLimit(ClientKeys keys, RateLimits limits, BodyAdmission admission) {
        this.keys = keys;
        this.limits = limits;
        this.admission = admission;
    }

    void install(@Observes Router router) {
        if (keys.required()) {
            // after authentication and authorization (Quarkus Security's filters), before the body is admitted
            for (String path : ClientKeyMechanism.API_PATHS) {
                router.route("/" + path + "*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::count);
            }
        }
    }

    private void count(RoutingContext context) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        Optional<String> name = ClientKeys.keyName(identity);
        if (name.isEmpty()) {
            context.next();
            return;
        }
        // the shared counters answer from Redis: back on this request's context before it goes on
        Context requestContext = Vertx.currentContext();
        limits.request(name.get()).emitOn(task -> {
            if (Vertx.currentContext() == requestContext) {
                task.run();
            } else {
                requestContext.runOnContext(ignored -> task.run());
            }
        }).subscribe().with(standing -> {
            headers(context, standing.limit(), standing.remaining(), standing.resetSeconds());
            context.next();
        }, failure -> {
            if (failure instanceof GatewayProblem overLimit && overLimit.retryAfter().isPresent()) {
                long reset = overLimit.retryAfter().get().toSeconds();
                headers(context, limits.requestLimit(name.get()), 0, reset);
                admission.refuse(context, overLimit, true);
            } else {
                context.fail(failure);
            }
        });
    }

    /** The request window's standing, on every answer (the IETF RateLimit header fields). */
    private static void headers(RoutingContext context, int limit, int remaining, long resetSeconds) {
        context.response().putHeader("RateLimit-Limit", String.valueOf(limit))
                .putHeader("RateLimit-Remaining", String.valueOf(remaining))
                .putHeader("RateLimit-Reset", String.valueOf(resetSeconds));
    }
}
