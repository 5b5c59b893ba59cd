package dev.visiongateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real {@code redis-server} (the Debian package; {@code .ci/run} installs it) on a free loopback port, started for
 * the tests that share state through Redis and stopped after them. No persistence: each start is empty. The port is
 * written to a fixed file, so that a test (in another class loader than this resource, or in another JVM than the
 * packaged app) can stop and start the same server, as an outage would.
 */
public class RedisServer implements QuarkusTestResourceLifecycleManager {

    private static final Path PORT_FILE = Path.of("target", "redis-server", "port");

    @Override
    public Map<String, String> start() {
        int port = FreePorts.free();
        try {
            Files.createDirectories(PORT_FILE.getParent());
            Files.writeString(PORT_FILE, String.valueOf(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch(port);
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        shutdown();
    }

    /** The port of the server the current tests run against. */
    public static int port() {
        try {
            return Integer.parseInt(Files.readString(PORT_FILE).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("No test redis-server was started", e);
        }
    }

    /** Stops the server, as an outage would, and waits until its port refuses connections. */
    public static void shutdown() {
        int port = port();
        try {
            command(port, "SHUTDOWN", "NOSAVE");
        } catch (IOException alreadyDown) {
            // what we wanted
        }
        Instant deadline = Instant.now().plusSeconds(10);
        while (answers(port)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("redis-server on port " + port + " did not stop");
            }
            sleep(50);
        }
    }

    /** Starts the server again on the same port, empty. */
    public static void restart() {
        launch(port());
    }

    /** One command in Redis' protocol (RESP), its raw answer. */
    public static String command(int port, String... words) throws IOException {
        StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
        for (String word : words) {
            request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word)
                    .append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            byte[] buffer = new byte[65536];
            int read = socket.getInputStream().read(buffer);
            return read <= 0 ? "" : new String(buffer, 0, read, StandardCharsets.UTF_8);
        }
    }

    /** The keys of the running server that start with {@code prefix}. */
    public static List<String> keys(String prefix) {
        try {
            String answer = command(port(), "KEYS", prefix + "*");
            return answer.lines().filter(line -> !line.startsWith("*") && !line.startsWith("$")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void launch(int port) {
        try {
            Path log = PORT_FILE.resolveSibling("redis-" + port + ".log");
            new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--protected-mode", "yes")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not be started: install the Debian package"
                    + " redis-server (.ci/run does). Tests of the shared limits and file cache need a real one.", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!answers(port)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("redis-server did not answer on port " + port + " within 15 s");
            }
            sleep(50);
        }
    }

    private static boolean answers(int port) {
        try {
            return command(port, "PING").startsWith("+PONG");
        } catch (IOException refused) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
