package dev.visiongateway.access;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The permission of {@code /v1/*} ({@code quarkus.http.auth.permission.client-keys}, which says where it applies):
 * with client keys on, only a caller with a known key, CORS preflights apart; without, anyone. A refused anonymous
 * call is challenged by {@link ClientKeyMechanism}.
 */
@ApplicationScoped
class ClientKeyPolicy implements HttpSecurityPolicy {

    private final ClientKeys keys;

    ClientKeyPolicy(ClientKeys keys) {
        this.keys = keys;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext requestContext) {
        if (!keys.required() || request.request().method() == HttpMethod.OPTIONS) {
            return CheckResult.permit();
        }
        return identity.map(caller -> caller.isAnonymous() ? CheckResult.DENY : CheckResult.PERMIT);
    }

    @Override
    public String name() {
        return "client-key";
    }
}
