package dev.visiongateway.image;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.visiongateway.api.GatewayProblem;

/** The rules every remote image URL meets, as given and at every redirect hop (docs/ARCHITECTURE.md rules 3 and 4). */
final class RemoteUrls {

    private RemoteUrls() {
    }

    static URI parse(String raw, String field) {
        try {
            return new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw GatewayProblem.badRequest("invalid_url", field, "The image URL is malformed: " + e.getReason() + ".");
        }
    }

    /** https (or http where allowed), no credentials, a host; whether the host may be reached is checked later. */
    static URI check(URI url, String field, boolean allowHttp) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !allowHttp) {
            throw GatewayProblem.badRequest("url_not_allowed", field, "Plain http image URLs (or redirects to them)"
                    + " are refused; use https (operators may allow http with gateway.fetch.allow-http).");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw GatewayProblem.badRequest("url_not_allowed", field,
                    "Image URLs must be https or data: URLs; '" + scheme + ":' is not accepted.");
        }
        if (url.getRawUserInfo() != null) {
            throw GatewayProblem.badRequest("url_not_allowed", field,
                    "Image URLs must not carry credentials (user:password@).");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw GatewayProblem.badRequest("invalid_url", field, "The image URL has no host.");
        }
        return url;
    }
}
