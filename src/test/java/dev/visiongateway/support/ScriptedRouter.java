package dev.visiongateway.support;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * A fake router on loopback that plays a script for each chat request: SSE events, pauses, a dropped
 * connection, an HTTP error. It timestamps every event it sends and notices when the gateway closes the
 * connection, which WireMock cannot. Plain HTTP/1.1, or HTTPS offering HTTP/2 and HTTP/1.1 (ALPN) with the test
 * certificate {@link #CERTIFICATE}, as the real router does.
 */
public class ScriptedRouter {

    public sealed interface Step {
    }

    /** Sends {@code data: <json>} (or any raw data line content). */
    public record Event(String data) implements Step {
    }

    /** Sends bytes as they are, for framing tests. */
    public record Raw(String text) implements Step {
    }

    public record Pause(long millis) implements Step {
    }

    /** Sends nothing more until {@code signal} completes: lets a test make the router wait for its client. */
    public record Await(java.util.concurrent.CompletionStage<?> signal) implements Step {
    }

    /** Closes the connection mid-answer. */
    public record Drop() implements Step {
    }

    public record Status(int status, String body) implements Step {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private volatile List<Step> script = List.of();
    /** Scripts for requests naming a model; others get {@link #script}. */
    private final Map<String, List<Step>> modelScripts = new ConcurrentHashMap<>();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<Long> sentNanos = new CopyOnWriteArrayList<>();
    public volatile CompletableFuture<Long> closedByGateway = new CompletableFuture<>();
    /**
     * The connection the last chat request came on, and the connections closed since, by either side (weakly held:
     * a load test's thousands of closed connections must not stay in memory for the rest of the suite).
     */
    public volatile HttpConnection lastChatConnection;
    public final Set<HttpConnection> closedConnections = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    /** The TLS router's certificate (self-signed, for 127.0.0.1), on the test class path: the gateway trusts it. */
    public static final String CERTIFICATE = "tls/router.crt";

    /** Connections the router accepted, and the protocol of the last chat request. */
    public final AtomicInteger acceptedConnections = new AtomicInteger();
    public volatile HttpVersion lastChatVersion;
    private final boolean tls;

    public ScriptedRouter() {
        this(false);
    }

    public ScriptedRouter(boolean tls) {
        this.tls = tls;
        HttpServerOptions options = new HttpServerOptions();
        if (tls) {
            options.setSsl(true).setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(CERTIFICATE).setKeyPath("tls/router.key"));
        }
        server = vertx.createHttpServer(options).requestHandler(request -> {
            if (request.path().equals("/api/models")) {
                request.response().putHeader("Content-Type", "application/json").end(RouterStubs.CATALOG);
                return;
            }
            lastChatConnection = request.connection();
            lastChatVersion = request.version();
            request.body().onSuccess(body -> {
                requests.add(body.toString());
                HttpServerResponse response = request.response();
                response.closeHandler(ignored -> closedByGateway.complete(System.nanoTime()));
                play(response, modelScripts.getOrDefault(modelOf(body.toString()), script), 0);
            });
        });
        server.connectionHandler(connection -> {
            acceptedConnections.incrementAndGet();
            connection.closeHandler(ignored -> closedConnections.add(connection));
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the scripted router could not start", e);
        }
    }

    public String baseUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.actualPort();
    }

    /** A {@code chat.completion.chunk} with {@code text} as its delta. */
    public static Event chunk(String text) {
        return new Event("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}");
    }

    /** The last chunk: {@code finish_reason} stop, and the usage. */
    public static Event finish() {
        return new Event("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}");
    }

    /** The steps of the answers to come. */
    public void script(Step... steps) {
        script = List.of(steps);
        modelScripts.clear();
        requests.clear();
        sentNanos.clear();
        closedByGateway = new CompletableFuture<>();
    }

    /** The steps of the answers to requests naming {@code model}, until the next {@link #script}. */
    public void scriptFor(String model, Step... steps) {
        modelScripts.put(model, List.of(steps));
    }

    /** The chat requests received that named {@code model}. */
    public long requestsFor(String model) {
        return requests.stream().filter(body -> model.equals(modelOf(body))).count();
    }

    private static String modelOf(String body) {
        try {
            return new JsonObject(body).getString("model", "");
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    public void close() {
        vertx.close();
    }

    private void play(HttpServerResponse response, List<Step> steps, int index) {
        if (response.closed()) {
            return;
        }
        if (index == steps.size()) {
            response.end();
            return;
        }
        Step step = steps.get(index);
        if (step instanceof Status status) {
            response.setStatusCode(status.status()).putHeader("Content-Type", "application/json").end(status.body());
            return;
        }
        if (step instanceof Drop) {
            response.reset();
            return;
        }
        if (step instanceof Pause pause) {
            vertx.setTimer(pause.millis(), ignored -> play(response, steps, index + 1));
            return;
        }
        if (step instanceof Await await) {
            await.signal().whenComplete((done, failure) -> vertx.runOnContext(ignored -> play(response, steps, index + 1)));
            return;
        }
        if (!response.headWritten()) {
            response.setChunked(true).putHeader("Content-Type", "text/event-stream");
        }
        String text = step instanceof Event event ? "data: " + event.data() + "\n\n" : ((Raw) step).text();
        response.write(text).onComplete(written -> play(response, steps, index + 1));
        sentNanos.add(System.nanoTime());
    }
}
