package dev.visiongateway.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Two web origins on loopback besides the gateway's, as a front-end app's would be: each serves a blank page and,
 * at {@code /vision-gateway.js}, its own copy of the gateway's browser module. {@link SecondOriginsResource}
 * allows the first in the gateway's CORS origins and not the second.
 */
public final class SecondOrigins implements AutoCloseable {

    private static final String PAGE = "<!doctype html><html lang=en><meta charset=utf-8><title>a front-end app</title>"
            + "<body><p>An app on another origin.</p></body></html>";

    private final HttpServer allowed;
    private final HttpServer refused;

    SecondOrigins() {
        byte[] module = moduleSource();
        this.allowed = serve(module);
        this.refused = serve(module);
    }

    /** An origin listed in the gateway's CORS origins. */
    public URI allowed() {
        return origin(allowed);
    }

    /** An origin the gateway does not know. */
    public URI refused() {
        return origin(refused);
    }

    @Override
    public void close() {
        allowed.stop(0);
        refused.stop(0);
    }

    private static URI origin(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static HttpServer serve(byte[] module) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                boolean script = exchange.getRequestURI().getPath().equals("/vision-gateway.js");
                respond(exchange, script ? "text/javascript" : "text/html; charset=utf-8",
                        script ? module : PAGE.getBytes(StandardCharsets.UTF_8));
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void respond(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static byte[] moduleSource() {
        try (InputStream in = SecondOrigins.class.getClassLoader()
                .getResourceAsStream("META-INF/resources/js/vision-gateway.js")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/resources/js/vision-gateway.js is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
