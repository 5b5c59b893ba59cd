package dev.visiongateway.access;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The identity of a presented client key: its configured name is the principal, which limits, usage and logs use.
 * An unknown key fails authentication (401). A hash and a constant-time comparison per key: no blocking work.
 */
@ApplicationScoped
class ClientKeyIdentityProvider implements IdentityProvider<ClientKeyRequest> {

    private final ClientKeys keys;

    ClientKeyIdentityProvider(ClientKeys keys) {
        this.keys = keys;
    }

    @Override
    public Class<ClientKeyRequest> getRequestType() {
        return ClientKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ClientKeyRequest request, AuthenticationRequestContext context) {
        return keys.nameOf(request.key())
                .<Uni<SecurityIdentity>> map(name -> Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(name)).build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown client key")));
    }
}
