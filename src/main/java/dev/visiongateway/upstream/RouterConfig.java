package dev.visiongateway.upstream;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The LLM router the gateway calls; the REST client {@code router} takes its URL and timeouts from here. */
@ConfigMapping(prefix = "gateway.router")
public interface RouterConfig {

    /** Router base URL; unset: only the offline engine serves requests. */
    Optional<String> url();

    /** Sent as {@code Authorization: Bearer ...}; never logged. */
    Optional<String> apiKey();

    /**
     * Milliseconds to wait for a connection to the router. Milliseconds, not a {@code Duration} like the other
     * settings: the REST client reads it as {@code quarkus.rest-client.router.connect-timeout}, a number of
     * milliseconds, through property expansion in application.properties.
     */
    @WithDefault("5000")
    long connectTimeout();

    /**
     * Milliseconds the router may stay silent (before the first byte, or between stream events); milliseconds for
     * the same reason ({@code quarkus.rest-client.router.read-timeout}).
     */
    @WithDefault("120000")
    long readTimeout();

    /**
     * Milliseconds an unused router connection is kept for the next call; below the router's own idle timeout
     * (often 5 s), so that no call takes a connection the router is closing. Milliseconds, as the REST client
     * reads it ({@code quarkus.rest-client.router.connection-ttl}).
     */
    @WithDefault("4000")
    long keepAliveTimeout();

    /**
     * HTTP/2 with a router that offers it over TLS (ALPN), so that many calls share one connection; HTTP/1.1 when
     * off, or when the router does not offer it. A plain-HTTP router is always spoken to in HTTP/1.1.
     */
    @WithDefault("true")
    boolean http2();

    /**
     * Connections to the router kept open for reuse (HTTP/1.1: one per call in flight; HTTP/2: an eighth as many,
     * each carrying many calls). Calls beyond it wait for a free connection.
     */
    @WithDefault("64")
    int connectionPoolSize();

    /**
     * Retries of one call on 429 and 503 and on connections that were never made, before anything reached the
     * client.
     */
    @WithDefault("2")
    int retries();

    /** First back-off between retries, doubled each time, when the router gives no {@code Retry-After}. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /** Longest {@code Retry-After} the gateway waits out itself; a longer one goes back to the client. */
    @WithDefault("2s")
    Duration retryMaxWait();

    /**
     * The router's JSON body limit, in bytes: a request the gateway would send over it has its largest inline
     * images uploaded through the Files API until it fits.
     */
    @WithDefault("20000000")
    long maxBodyBytes();

    default boolean configured() {
        return url().filter(url -> !url.isBlank()).isPresent();
    }
}
