package dev.visiongateway.playground;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.Problem;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards the playground's files, which Quarkus serves from {@code META-INF/resources} (docs/ARCHITECTURE.md
 * section 9). Static resources are fixed at build time and have no switch of their own, so this route runs just
 * before the static handler: when the playground is off it answers their paths with the 404 problem of any
 * unknown path; when on, it adds a Content Security Policy that lets the page load only its own scripts and
 * styles and call only this gateway.
 */
@ApplicationScoped
public class PlaygroundPages {

    /** {@code /}, {@code /index.html} and {@code /playground/...}; not {@code /js/}, which apps load. */
    static final String PATHS = "^/(index\\.html)?$|^/playground(/.*)?$";

    /** Thumbnails are local blob: URLs of picked files, or the https URLs the user pasted. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self' blob: data: https:; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    private final boolean enabled;
    private final String notFound;

    PlaygroundPages(PlaygroundConfig config, ObjectMapper json) throws JsonProcessingException {
        this.enabled = config.enabled();
        this.notFound = json.writeValueAsString(Problem.of(GatewayProblem.of(ErrorCode.NOT_FOUND, null,
                "The playground is turned off on this gateway.")));
    }

    void install(@Observes Router router) {
        router.routeWithRegex(PATHS).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(enabled ? PlaygroundPages::withPolicy : this::absent);
    }

    private static void withPolicy(RoutingContext context) {
        context.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
        context.next();
    }

    private void absent(RoutingContext context) {
        context.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(notFound);
    }
}
