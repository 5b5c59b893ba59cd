package dev.visiongateway.access;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A client key as presented, to be checked by {@link ClientKeyIdentityProvider}. */
final class ClientKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    ClientKeyRequest(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }
}
