package dev.visiongateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client on a plain socket, for what an HTTP library hides: reading an SSE answer line by line as it
 * arrives, and hanging up in the middle.
 */
public final class RawSseClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader reader;

    public RawSseClient(int port, String path, String json) throws IOException {
        this(port, path, json, "text/event-stream");
    }

    /** A request that asks for {@code accept}: {@code application/json} waits for a whole answer. */
    public RawSseClient(int port, String path, String json, String accept) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Accept: " + accept + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads up to and including the first line that starts with {@code prefix}; null if the stream ends first. */
    public String readLineStartingWith(String prefix) throws IOException {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
