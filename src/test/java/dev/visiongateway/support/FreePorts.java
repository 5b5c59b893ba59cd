package dev.visiongateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Free ports for the HTTP server and the management interface of each packaged app an {@code *IT} class launches.
 * The two must both be fixed or both left to the system (port 0): Quarkus tags an HTTP server's metrics with
 * {@code server.port} only when its port is fixed, and Prometheus refuses a second server whose metrics differ in
 * tag keys, so that the app never finishes starting. The launcher passes the previous app's HTTP port; these
 * settings come after it and win. A {@code @QuarkusTest} listens on its test ports (both 0) and ignores them.
 */
public class FreePorts implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.http.port", String.valueOf(free()), "quarkus.management.port", String.valueOf(free()));
    }

    @Override
    public void stop() {
    }

    /** A port free on this machine now (the system's choice for port 0). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
