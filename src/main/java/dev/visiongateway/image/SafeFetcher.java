package dev.visiongateway.image;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.Failures;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.traces.Spans;
import io.opentelemetry.api.common.Attributes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Downloads remote images without letting a caller reach inside the network (docs/ARCHITECTURE.md rule 4). Each host is
 * resolved once and the connection pinned to the checked address, so a DNS answer cannot change between check
 * and use; every redirect hop is checked again; the size cap is enforced while the body streams in.
 */
@ApplicationScoped
public class SafeFetcher {

    /** The downloaded bytes and the URL they finally came from. */
    public record Fetched(byte[] bytes, String contentType, URI url) {
    }

    static final String FETCH_SPAN = "image fetch";

    private final FetchConfig config;
    private final AddressPolicy policy;
    private final ImageLimits limits;
    private final HttpClient client;
    private final Spans spans;

    SafeFetcher(FetchConfig config, AddressPolicy policy, ImageLimits limits, Vertx vertx, Spans spans) {
        this.spans = spans;
        this.config = config;
        this.policy = policy;
        this.limits = limits;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setForceSni(true)
                .setVerifyHost(true)
                .setMaxPoolSize(32)
                // the fetch's own span covers its lookups, redirects and downloads; a request span per hop, issued
                // after an asynchronous lookup, would find its parent by chance
                .setTracingPolicy(TracingPolicy.IGNORE));
    }

    /** Downloads {@code url}; the bytes it holds are taken from {@code lease}, which the caller closes. */
    public Uni<Fetched> fetch(URI url, String field, DownloadBudget.Lease lease) {
        // one deadline for the lookups, redirects and downloads together; a host that drips bytes never trips
        // the idle timeout
        return spans.uni(FETCH_SPAN, Attributes.empty(), () -> fetch(url, field, lease, 0)
                .ifNoItem().after(config.totalTimeout()).failWith(() -> refusal(ErrorCode.IMAGE_FETCH_TIMEOUT, field,
                        "The image host took longer than " + config.totalTimeout().toSeconds()
                                + " s to send the image.")));
    }

    private Uni<Fetched> fetch(URI url, String field, DownloadBudget.Lease lease, int hop) {
        return Uni.createFrom().deferred(() -> {
            RemoteUrls.check(url, field, config.allowHttp());
            RemoteUrls.Authority target = RemoteUrls.authority(url, field);
            return resolve(target.host(), field)
                    .flatMap(address -> download(url, target, address, field, lease))
                    .flatMap(result -> {
                        if (result.redirect() == null) {
                            return Uni.createFrom().item(result.fetched());
                        }
                        if (hop >= config.maxRedirects()) {
                            throw refusal(ErrorCode.TOO_MANY_REDIRECTS, field, "The image URL redirected more than "
                                    + config.maxRedirects() + " times.");
                        }
                        return fetch(result.redirect(), field, lease, hop + 1);
                    });
        });
    }

    /** One checked address for {@code host}; every address it resolves to must pass, or none is used. */
    private Uni<InetAddress> resolve(String host, String field) {
        return Workers.run(() -> {
            boolean allowedHost = policy.hostAllowed(host);
            InetAddress[] addresses = AddressPolicy.literal(host).map(address -> new InetAddress[] { address })
                    .orElseGet(() -> lookup(host, field));
            if (!allowedHost && !Arrays.stream(addresses).allMatch(policy::permits)) {
                throw notPublic(field);
            }
            return addresses[0];
        });
    }

    private static InetAddress[] lookup(String host, String field) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw notPublic(field);
        }
    }

    /**
     * One refusal for a name that does not resolve and for one that resolves to an internal address: were they
     * told apart, a caller could map the internal DNS names through the gateway.
     */
    private static GatewayProblem notPublic(String field) {
        return refusal(ErrorCode.URL_NOT_ALLOWED, field, "The image URL's host does not resolve to a public address;"
                + " the gateway fetches only from public addresses.");
    }

    private record Hop(Fetched fetched, URI redirect) {
    }

    private Uni<Hop> download(URI url, RemoteUrls.Authority target, InetAddress address, String field,
            DownloadBudget.Lease lease) {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = target.port() > 0 ? target.port() : https ? 443 : 80;
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(target.host())
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                .setFollowRedirects(false)
                .setIdleTimeout(config.readTimeout().toMillis())
                .putHeader(HttpHeaders.USER_AGENT, config.userAgent())
                .putHeader(HttpHeaders.ACCEPT, "image/*");
        return Uni.createFrom().<Hop> emitter(emitter -> client.request(request)
                .onSuccess(outgoing -> {
                    // a cancelled or timed-out download must not keep the connection busy; a finished one
                    // leaves it to the pool
                    AtomicBoolean ended = new AtomicBoolean();
                    emitter.onTermination(() -> {
                        if (!ended.get()) {
                            outgoing.reset();
                        }
                    });
                    outgoing.send()
                            .onSuccess(response -> receive(url, response, field, lease, emitter, ended))
                            .onFailure(failure -> emitter.fail(transportFailure(failure, field)));
                })
                .onFailure(failure -> emitter.fail(transportFailure(failure, field))));
    }

    private void receive(URI url, HttpClientResponse response, String field, DownloadBudget.Lease lease,
            io.smallrye.mutiny.subscription.UniEmitter<? super Hop> emitter, AtomicBoolean ended) {
        int status = response.statusCode();
        if (status >= 300 && status < 400 && response.getHeader(HttpHeaders.LOCATION) != null) {
            discard(response, ended);
            try {
                emitter.complete(new Hop(null, url.resolve(new URI(response.getHeader(HttpHeaders.LOCATION)))));
            } catch (URISyntaxException e) {
                emitter.fail(refusal(ErrorCode.IMAGE_FETCH_FAILED, field, "The image URL redirected to a malformed URL."));
            }
            return;
        }
        if (status != 200) {
            discard(response, ended);
            emitter.fail(refusal(ErrorCode.IMAGE_FETCH_FAILED, field, "The image URL answered HTTP " + status + "."));
            return;
        }
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > limits.maxBytes()) {
            emitter.fail(tooLarge(field));
            response.request().reset();
            return;
        }
        // sized by the declared length, so that the finished body is handed on without a copy
        Buffer body = Buffer.buffer(length != null && length.matches("\\d{1,18}") ? Integer.parseInt(length) : 64 * 1024);
        response.handler(chunk -> {
            if (body.length() + chunk.length() > limits.maxBytes()) {
                // fail first: the reset makes the response report an error of its own
                emitter.fail(tooLarge(field));
                response.request().reset();
                return;
            }
            try {
                lease.take(chunk.length(), field);
            } catch (GatewayProblem busy) {
                emitter.fail(busy);
                response.request().reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(failure -> emitter.fail(transportFailure(failure, field)));
        response.endHandler(ignored -> {
            ended.set(true);
            emitter.complete(new Hop(new Fetched(bytes(body), response.getHeader(HttpHeaders.CONTENT_TYPE), url), null));
        });
    }

    /** The body's bytes; its own array when the declared length was right, else a copy. */
    private static byte[] bytes(Buffer body) {
        io.netty.buffer.ByteBuf buffer = body.getByteBuf();
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.readerIndex() == 0
                && buffer.readableBytes() == buffer.array().length) {
            return buffer.array();
        }
        return body.getBytes();
    }

    /**
     * Lets a body the gateway does not want (a redirect's, an error page) run out, so the connection goes back to
     * the pool whole. Resetting instead could close a connection the pool already lent to the next hop, when the
     * short body had ended before this code saw the response; past the size cap, it is reset after all.
     */
    private void discard(HttpClientResponse response, AtomicBoolean ended) {
        ended.set(true);
        long[] seen = { 0 };
        response.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > limits.maxBytes()) {
                response.request().reset();
            }
        });
    }

    private GatewayProblem tooLarge(String field) {
        return refusal(ErrorCode.IMAGE_TOO_LARGE, field, "The image at the URL is larger than "
                + limits.maxBytes() / 1_000_000 + " MB.");
    }

    private static GatewayProblem transportFailure(Throwable failure, String field) {
        if (failure instanceof GatewayProblem problem) {
            return problem;
        }
        if (Failures.isTimeout(failure)) {
            return refusal(ErrorCode.IMAGE_FETCH_TIMEOUT, field, "The image host did not answer in time.");
        }
        return refusal(ErrorCode.IMAGE_FETCH_FAILED, field, "The image could not be downloaded (connection failed).");
    }

    private static GatewayProblem refusal(ErrorCode code, String field, String detail) {
        return GatewayProblem.of(code, field, detail);
    }
}
