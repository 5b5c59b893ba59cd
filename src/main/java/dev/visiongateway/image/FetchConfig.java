package dev.visiongateway.image;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How remote image URLs are treated. */
@ConfigMapping(prefix = "gateway.fetch")
public interface FetchConfig {

    enum Mode {
        /** The gateway downloads, checks and normalizes the image. */
        FETCH,
        /** The router gets the URL as is. */
        PASS_THROUGH
    }

    /** {@code fetch} (default) or {@code pass-through}. */
    @WithDefault("fetch")
    Mode mode();

    /** Hosts or CIDRs exempt from the SSRF rules (comma-separated), e.g. an internal image CDN. */
    Optional<List<String>> allow();

    /** Also fetch plain {@code http:} URLs; off by default, since they travel unencrypted. */
    @WithDefault("false")
    boolean allowHttp();

    /** Time to connect to an image host. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time an image host may stay silent while sending. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Longest a whole download may take, however steadily the host sends. */
    @WithDefault("30s")
    Duration totalTimeout();

    /** Redirects followed, each one checked again. */
    @WithDefault("3")
    int maxRedirects();

    /** Images of one request downloaded (and checked) at the same time; the others wait their turn. */
    @WithDefault("4")
    int parallelPerRequest();

    /**
     * Downloaded bytes held at once, over all requests; a download that would pass it fails with 503
     * {@code images_busy} and Retry-After. Unset: a quarter of the maximum heap (48 MB at -Xmx192m).
     */
    OptionalLong inFlightBytes();

    default long inFlightBytesOrDefault() {
        return inFlightBytes().orElse(Runtime.getRuntime().maxMemory() / 4);
    }

    /** Sent with every download; some hosts refuse requests without one. */
    @WithDefault("vision-gateway/1.0 (+https://github.com/vision-gateway)")
    String userAgent();
}
