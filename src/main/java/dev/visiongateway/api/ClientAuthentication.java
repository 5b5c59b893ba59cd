package dev.visiongateway.api;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * With {@code gateway.auth.mode=keys}, lets a {@code /v1} call through only with a known client key (docs/ARCHITECTURE.md
 * rule 15): {@code Authorization: Bearer <key>}, which OpenAI SDKs send, or {@code x-api-key}. Checked before the
 * body is admitted, so an unknown caller costs no body budget; CORS preflights, the playground's static files and
 * the management port (health, metrics) stay open.
 */
@ApplicationScoped
public class ClientAuthentication {

    /** The routing-context key under which the caller's key name travels on, for limits and usage. */
    public static final String KEY_NAME = "vision-gateway.key-name";

    private final ClientKeys keys;
    private final RateLimits limits;
    private final BodyAdmission admission;

    ClientAuthentication(ClientKeys keys, RateLimits limits, BodyAdmission admission) {
        this.keys = keys;
        this.limits = limits;
        this.admission = admission;
    }

    void install(@Observes Router router) {
        if (keys.required()) {
            // after CORS, so that a browser can read the refusal; before the body is admitted
            router.route("/v1/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::authenticate);
        }
    }

    private void authenticate(RoutingContext context) {
        if (context.request().method() == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        Optional<String> presented = presented(context);
        Optional<String> name = presented.flatMap(keys::nameOf);
        if (name.isPresent()) {
            context.put(KEY_NAME, name.get());
            // the shared counters answer from Redis: back on this request's context before it goes on
            Context requestContext = Vertx.currentContext();
            limits.request(name.get()).emitOn(task -> {
                if (Vertx.currentContext() == requestContext) {
                    task.run();
                } else {
                    requestContext.runOnContext(ignored -> task.run());
                }
            }).subscribe().with(standing -> {
                        rateLimitHeaders(context, standing.limit(), standing.remaining(), standing.resetSeconds());
                        context.next();
                    }, failure -> {
                        if (failure instanceof GatewayProblem overLimit && overLimit.retryAfter().isPresent()) {
                            long reset = overLimit.retryAfter().get().toSeconds();
                            rateLimitHeaders(context, limits.requestLimit(name.get()), 0, reset);
                            admission.refuse(context, overLimit, true);
                        } else {
                            context.fail(failure);
                        }
                    });
            return;
        }
        context.response().putHeader("WWW-Authenticate", "Bearer realm=\"vision-gateway\"");
        admission.refuse(context, GatewayProblem.of(ErrorCode.INVALID_API_KEY, null, presented.isEmpty()
                ? "An API key is required: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."
                : "The API key is not valid for this gateway."), true);
    }

    /** The request window's standing, on every answer (the IETF RateLimit header fields). */
    private static void rateLimitHeaders(RoutingContext context, int limit, int remaining, long resetSeconds) {
        context.response().putHeader("RateLimit-Limit", String.valueOf(limit))
                .putHeader("RateLimit-Remaining", String.valueOf(remaining))
                .putHeader("RateLimit-Reset", String.valueOf(resetSeconds));
    }

    /** The key name of the current call, when client keys are on. */
    public static Optional<String> keyName(RoutingContext context) {
        return Optional.ofNullable(context.get(KEY_NAME));
    }

    private static Optional<String> presented(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank()) {
            return Optional.of(authorization.substring(7).strip());
        }
        String apiKey = context.request().getHeader("x-api-key");
        return apiKey == null || apiKey.isBlank() ? Optional.empty() : Optional.of(apiKey.strip());
    }
}
