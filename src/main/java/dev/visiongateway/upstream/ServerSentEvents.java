package dev.visiongateway.upstream;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.vertx.mutiny.core.buffer.Buffer;

/**
 * The data of server-sent events, read line by line (the WHATWG event-stream format): {@code data:} lines gathered
 * until a blank line ends the event; comments, {@code event:}, {@code id:} and {@code retry:} lines dropped, since
 * the router's stream is one kind of event. One instance per stream.
 */
final class ServerSentEvents {

    private final StringBuilder data = new StringBuilder();
    private boolean pending;

    /** The events a line ends: none, or the one a blank line completes. */
    List<String> line(Buffer bytes) {
        String line = bytes.toString(StandardCharsets.UTF_8.name());
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith("data")) {
            String value = field(line, "data");
            if (value != null) {
                if (pending) {
                    data.append('\n');
                }
                data.append(value);
                pending = true;
            }
        }
        return List.of();
    }

    /** An event the stream ended in without its blank line: kept, the router may close right after its last data. */
    List<String> end() {
        return dispatch();
    }

    private List<String> dispatch() {
        if (!pending) {
            return List.of();
        }
        String event = data.toString();
        data.setLength(0);
        pending = false;
        return List.of(event);
    }

    /** The value of a {@code name:} line (one space after the colon dropped), or null when it is another field. */
    private static String field(String line, String name) {
        if (line.length() == name.length()) {
            return "";
        }
        if (line.charAt(name.length()) != ':') {
            return null;
        }
        int from = name.length() + 1;
        return line.startsWith(" ", from) ? line.substring(from + 1) : line.substring(from);
    }
}
