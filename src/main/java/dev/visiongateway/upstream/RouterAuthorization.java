package dev.visiongateway.upstream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * The router key as an {@code Authorization: Bearer} header on every router call; no header without a key. Built
 * once: the key comes from the environment or a Secret mounted as one, which only a restart changes.
 */
@ApplicationScoped
class RouterAuthorization implements ClientHeadersFactory {

    private final String bearer;

    RouterAuthorization(RouterConfig config) {
        this.bearer = config.apiKey().filter(key -> !key.isBlank()).map(key -> "Bearer " + key.strip()).orElse(null);
    }

    /** {@code Bearer <key>}, or null without a key. */
    String bearer() {
        return bearer;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        if (bearer != null) {
            headers.putSingle(HttpHeaders.AUTHORIZATION, bearer);
        }
        return headers;
    }
}
