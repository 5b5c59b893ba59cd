package dev.visiongateway.image;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/** The rules every remote image URL meets, as given and at every redirect hop (docs/ARCHITECTURE.md rules 3 and 4). */
final class RemoteUrls {

    /** Labels of letters, digits, '-' and '_' (DNS names such as {@code _dmarc} or {@code my_host} exist). */
    private static final Pattern ASCII_HOST = Pattern.compile("(?i)[a-z0-9_-]{1,63}(\\.[a-z0-9_-]{1,63})*\\.?");
    private static final int MAX_HOST = 253;

    /** Where a URL points: its host in ASCII (an IDN in punycode) and its port, -1 for the scheme's own. */
    record Authority(String host, int port) {
    }

    private RemoteUrls() {
    }

    static URI parse(String raw, String field) {
        try {
            return new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw GatewayProblem.of(ErrorCode.INVALID_URL, field, "The image URL is malformed: " + e.getReason() + ".");
        }
    }

    /** https (or http where allowed), no credentials, a host and a valid port; the address is checked later. */
    static URI check(URI url, String field, boolean allowHttp) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !allowHttp) {
            throw GatewayProblem.of(ErrorCode.URL_NOT_ALLOWED, field, "Plain http image URLs (or redirects to them)"
                    + " are refused; use https (operators may allow http with gateway.fetch.allow-http).");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw GatewayProblem.of(ErrorCode.URL_NOT_ALLOWED, field,
                    "Image URLs must be https or data: URLs; '" + scheme + ":' is not accepted.");
        }
        authority(url, field);
        return url;
    }

    /**
     * The host and port of a URL. java.net.URI reads a host only when it is plain ASCII letters, digits and
     * hyphens; for an IDN ({@code bücher.example}), an underscore or a port past the int range it keeps the
     * authority as one string, which is read here with the same care: no credentials, no percent-escapes, a
     * port of 1-65535.
     */
    static Authority authority(URI url, String field) {
        if (url.getRawUserInfo() != null || (url.getRawAuthority() != null && url.getRawAuthority().contains("@"))) {
            throw GatewayProblem.of(ErrorCode.URL_NOT_ALLOWED, field,
                    "Image URLs must not carry credentials (user:password@).");
        }
        if (url.getHost() != null && !url.getHost().isEmpty()) {
            return new Authority(url.getHost(), checkedPort(url.getPort(), url.getPort() == -1, field));
        }
        String raw = url.getRawAuthority();
        if (raw == null || raw.isEmpty() || raw.startsWith("[")) {
            // a bracketed IPv6 literal that URI could not read is malformed
            throw GatewayProblem.of(ErrorCode.INVALID_URL, field, "The image URL has no host.");
        }
        int colon = raw.lastIndexOf(':');
        String host = colon < 0 ? raw : raw.substring(0, colon);
        String port = colon < 0 ? "" : raw.substring(colon + 1);
        return new Authority(asciiHost(host, field), port.isEmpty() ? -1 : checkedPort(port, field));
    }

    private static String asciiHost(String host, String field) {
        String ascii;
        try {
            // no STD3 rules: they would refuse the underscore
            ascii = host.contains("%") ? "" : IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            ascii = "";
        }
        if (ascii.length() > MAX_HOST || !ASCII_HOST.matcher(ascii).matches()) {
            throw GatewayProblem.of(ErrorCode.INVALID_URL, field, "The image URL's host is not a valid host name.");
        }
        return ascii.toLowerCase(Locale.ROOT);
    }

    private static int checkedPort(String digits, String field) {
        if (!digits.matches("[0-9]{1,5}")) {
            throw badPort(field);
        }
        return checkedPort(Integer.parseInt(digits), false, field);
    }

    private static int checkedPort(int port, boolean absent, String field) {
        if (!absent && (port < 1 || port > 65535)) {
            throw badPort(field);
        }
        return port;
    }

    private static GatewayProblem badPort(String field) {
        return GatewayProblem.of(ErrorCode.INVALID_URL, field,
                "The image URL's port must be a number from 1 to 65535.");
    }
}
