package dev.visiongateway.upstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.opentelemetry.api.trace.Span;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.quarkus.tls.runtime.config.TlsConfigUtils;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.core.parsetools.RecordParser;

/**
 * The router's chat endpoint, answered whole or streamed, over Vert.x's HTTP client, whose connections go back to
 * its pool when an answer ends (docs/ARCHITECTURE.md rule 10). The REST client, which serves the router's other
 * calls, closes the connection of every streamed ({@code Multi}) answer, so each stream cost a new TCP and TLS
 * connection to the router: about 4 ms of CPU and one or two round trips before the first token (bench/README.md).
 * Over TLS, ALPN offers HTTP/2, and many calls share one connection when the router takes it.
 *
 * <p>
 * Its settings are the REST client's ({@code gateway.router.*}, and the TLS registry's configuration
 * {@code router}): one router, one set of timeouts, trust and pool.
 */
@ApplicationScoped
class RouterChatClient {

    static final String PATH = "/v1/chat/completions";
    /** The TLS registry's configuration for the router ({@code quarkus.tls.router.*}). */
    static final String TLS_CONFIGURATION = "router";
    /** The answer of a failed call is read for the log and its error code, never more than this. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    /** A line of the router's event stream longer than this fails the stream (a chunk is a few hundred bytes). */
    private static final int MAX_EVENT_LINE = 4 * 1024 * 1024;
    /**
     * Bytes an HTTP/2 connection may hold unread for all its calls together. HTTP/2 credits a connection's window
     * only as its calls' data is read, and Vert.x's default (64 KiB) equals one call's own window: one stream paused
     * behind a slow client would stall every other stream on the connection.
     */
    private static final int HTTP2_CONNECTION_WINDOW = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    /** The base URL and the chat path below it, as the REST client joins them: a base path is kept. */
    private final String chatUrl;
    private final String bearer;
    private final long readTimeout;
    private final long connectTimeout;
    private final ObjectMapper json;

    RouterChatClient(Vertx vertx, RouterConfig config, TlsConfigurationRegistry tls, RouterAuthorization authorization,
            ObjectMapper json) {
        URI base = URI.create(config.url().filter(url -> !url.isBlank()).orElse(RouterApi.NOT_CONFIGURED));
        this.chatUrl = base.toString().replaceAll("/+$", "") + PATH;
        this.bearer = authorization.bearer();
        this.readTimeout = config.readTimeout();
        this.connectTimeout = config.connectTimeout();
        this.json = json;
        this.vertx = vertx;
        this.client = vertx.createHttpClient(options(config, base, tls.get(TLS_CONFIGURATION)
                .orElseGet(() -> tls.getDefault().orElse(null))), new PoolOptions()
                        .setHttp1MaxSize(config.connectionPoolSize())
                        // an HTTP/2 connection carries as many calls at once as the router allows (often 100 or more)
                        .setHttp2MaxSize(Math.max(1, config.connectionPoolSize() / 8))
                        .setMaxWaitQueueSize(-1));
    }

    static HttpClientOptions options(RouterConfig config, URI base, TlsConfiguration tls) {
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout()))
                .setKeepAlive(true)
                // below the router's own idle timeout, so that a call never takes a connection it just closed
                .setKeepAliveTimeout(seconds(config.keepAliveTimeout()))
                .setHttp2KeepAliveTimeout(seconds(config.keepAliveTimeout()))
                .setHttp2ConnectionWindowSize(HTTP2_CONNECTION_WINDOW);
        if ("https".equalsIgnoreCase(base.getScheme())) {
            if (tls != null) {
                TlsConfigUtils.configure(options, tls);
            }
            options.setSsl(true);
            if (config.http2()) {
                // ALPN: HTTP/2 where the router offers it, else HTTP/1.1 on the same connection
                options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
            }
        }
        // plain HTTP stays HTTP/1.1: HTTP/2 without TLS needs an upgrade exchange or prior knowledge, and a router
        // offers HTTP/2 over TLS
        return options;
    }

    private static int seconds(long millis) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis / 1000));
    }

    /** A chat request answered in one piece, read as {@code type}. */
    <T> Uni<T> answer(JsonBody body, Class<T> type) {
        return send(body, false).flatMap(response -> {
            io.vertx.core.Context reading = io.vertx.core.Vertx.currentContext();
            return response.body()
                    .onCancellation().invoke(() -> abandon(response, reading))
                    .map(answer -> read(answer, type));
        });
    }

    /**
     * A chat request with {@code stream: true}: the data of each server-sent event as it arrives (comments and
     * other fields dropped). The stream ends with the router's answer, its connection then free for the next call;
     * cancelled while the answer is still coming (a client that hung up), it resets the call ({@link #abandon}).
     */
    Multi<String> events(JsonBody body) {
        return Multi.createFrom().deferred(() -> {
            ServerSentEvents events = new ServerSentEvents();
            return send(body, true).onItem().transformToMulti(response -> {
                // the context the response's events come on, which its end is told on too
                io.vertx.core.Context reading = io.vertx.core.Vertx.currentContext();
                return RecordParser.newDelimited("\n", response).maxRecordSize(MAX_EVENT_LINE).toMulti()
                        .onItem().transformToIterable(events::line)
                        .onCompletion().switchTo(() -> Multi.createFrom().iterable(events.end()))
                        .onTermination().invoke((failure, cancelled) -> {
                            if (failure != null || cancelled) {
                                abandon(response, reading);
                            }
                        });
            });
        });
    }

    /**
     * The call. Inside a trace, it is made on a Vert.x context of its own that carries the subscriber's trace: the
     * HTTP client traces the request with the context it was made on, so made from a worker thread it would find
     * its parent span by chance. Without one (traces off) it is made where it is subscribed, with no hop. The body
     * is written first, on the subscriber's thread (a worker after an image's intake), not on the event loop.
     */
    private Uni<HttpClientResponse> send(JsonBody body, boolean stream) {
        return Uni.createFrom().deferred(() -> {
            Buffer payload = bytes(body);
            io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
            if (!Span.fromContext(trace).getSpanContext().isValid()) {
                return request(payload, stream);
            }
            io.vertx.core.Context call = VertxContext.createNewDuplicatedContext(
                    vertx.getDelegate().getOrCreateContext());
            return Uni.createFrom().deferred(() -> request(payload, stream))
                    .runSubscriptionOn(task -> call.runOnContext(ignored -> {
                        // left attached: the context is this call's alone, and the client reads the trace from it
                        // when it writes the request, after this task
                        trace.makeCurrent();
                        task.run();
                    }));
        });
    }

    private Uni<HttpClientResponse> request(Buffer payload, boolean stream) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(chatUrl)
                // waiting longer than this for a pooled connection, or to make one, fails the call
                .setConnectTimeout(connectTimeout)
                // silence longer than this, before the answer or between two events, fails the call
                .setIdleTimeout(readTimeout)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json");
        if (bearer != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, bearer);
        }
        return made(options).flatMap(request -> request.send(payload)
                // a client that hangs up before the answer begins: the router stops working on it
                .onCancellation().invoke(request::reset))
                .flatMap(response -> response.statusCode() / 100 == 2 ? Uni.createFrom().item(response)
                        : failed(response));
    }

    /**
     * Ends a call whose answer no one reads any more (the client hung up, or the stream failed): an answer still
     * coming is reset, so the router stops working on it (an HTTP/1.1 connection closes; an HTTP/2 stream alone is
     * reset). An answer that came whole is left alone: its HTTP/1.1 connection is back in the pool and may already
     * carry the next call, which a reset would close. Decided on the response's own context, where its end is told.
     */
    private static void abandon(HttpClientResponse response, io.vertx.core.Context reading) {
        Runnable stop = () -> {
            io.vertx.core.http.HttpClientResponse raw = response.getDelegate();
            if (!raw.end().isComplete()) {
                // the reset fails the response, which no one reads any more
                raw.exceptionHandler(ignored -> {
                });
                raw.request().reset();
            }
        };
        if (reading == null || reading == io.vertx.core.Vertx.currentContext()) {
            stop.run();
        } else {
            reading.runOnContext(ignored -> stop.run());
        }
    }

    /**
     * The request, on a pooled connection; one that comes after its caller went away is reset at once, or it would
     * hold its connection until the read timeout.
     */
    private Uni<HttpClientRequest> made(RequestOptions options) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean over = new AtomicBoolean();
            emitter.onTermination(() -> over.set(true));
            client.getDelegate().request(options).onComplete(made -> {
                if (made.failed()) {
                    emitter.fail(made.cause());
                } else if (over.get()) {
                    made.result().reset();
                } else {
                    emitter.complete(HttpClientRequest.newInstance(made.result()));
                }
            });
        });
    }

    private static Uni<HttpClientResponse> failed(HttpClientResponse response) {
        return response.body().map(body -> {
            String text = body.length() > MAX_ERROR_BODY ? body.getString(0, MAX_ERROR_BODY) : body.toString();
            throw RouterFault.of(response.statusCode(), response.getHeader("Retry-After"), text);
        });
    }

    /** The request written into the buffer that goes out: made there in one pass, copied nowhere else. */
    private static Buffer bytes(JsonBody body) {
        ByteBuf buffer = Unpooled.buffer(4096);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buffer)) {
            body.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("a chat request of JSON trees and records is always writable", e);
        }
        return Buffer.newInstance(io.vertx.core.buffer.Buffer.buffer(buffer));
    }

    private <T> T read(Buffer answer, Class<T> type) {
        try {
            T value = json.readValue(answer.getBytes(), type);
            if (value == null) {
                throw new IOException("the answer is JSON null");
            }
            return value;
        } catch (IOException e) {
            throw new RouterOutage(dev.visiongateway.problem.ErrorCode.UPSTREAM_MALFORMED,
                    "The router sent an answer that is not valid JSON.", null);
        }
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
