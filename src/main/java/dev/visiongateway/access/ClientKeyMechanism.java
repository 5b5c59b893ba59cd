package dev.visiongateway.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Client keys on Quarkus Security (docs/ARCHITECTURE.md rule 15): with {@code gateway.auth.mode=keys}, a {@code /v1}
 * call presents its key as {@code Authorization: Bearer <key>}, which OpenAI SDKs send, or {@code x-api-key};
 * {@link ClientKeyIdentityProvider} names it, and {@link ClientKeyPolicy} lets no call without one through. Both run
 * before the body is admitted, so an unknown caller costs no body budget. The 401 is a problem document (OpenAI's
 * {@code error} at the chat door), as every other refusal.
 */
@ApplicationScoped
class ClientKeyMechanism implements HttpAuthenticationMechanism {

    private static final String CHALLENGE = "Bearer realm=\"vision-gateway\"";

    private final ClientKeys keys;
    private final BodyAdmission admission;
    /** Where the API's calls are, under Quarkus's root path: {@link #API_PATHS}. */
    private final List<String> api;

    /** The API's paths, where a key is needed: the gateway's own, and the router's catalog path it also answers. */
    public static final List<String> API_PATHS = List.of("v1/", "api/");

    ClientKeyMechanism(ClientKeys keys, BodyAdmission admission,
            @ConfigProperty(name = "quarkus.http.root-path") String rootPath) {
        this.keys = keys;
        this.admission = admission;
        String root = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        this.api = API_PATHS.stream().map(path -> root + path).toList();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Optional<String> presented = keys.required() && isApiCall(context) ? presented(context) : Optional.empty();
        // no key: anonymous, which the policy refuses where a key is needed
        return presented.map(key -> identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new ClientKeyRequest(key), context))).orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(HttpResponseStatus.UNAUTHORIZED.code(),
                HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        context.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE);
        admission.refuse(context, GatewayProblem.of(ErrorCode.INVALID_API_KEY, null, presented(context).isEmpty()
                ? "An API key is required: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."
                : "The API key is not valid for this gateway."), true);
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ClientKeyRequest.class);
    }

    /**
     * The API's calls, whose key is checked: a key presented elsewhere (the playground's files, CORS preflights) is
     * not, so it cannot turn an open path into a 401.
     */
    private boolean isApiCall(RoutingContext context) {
        return context.request().method() != HttpMethod.OPTIONS
                && api.stream().anyMatch(context.normalizedPath()::startsWith);
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
