package dev.visiongateway.api;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.answers.CacheOutcome;
import dev.visiongateway.problem.PlainText;
import dev.visiongateway.vision.StreamEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Writes an endpoint's answer as one JSON document or as Server-Sent Events, chosen per request (the body's
 * {@code stream} flag or {@code Accept: text/event-stream}). Both go out as {@link RestMulti} of ready bytes,
 * since a resource method's return type, not the request, fixes how Quarkus REST frames a {@code Multi}. Events
 * go out as they come, those of one event-loop turn in one write ({@link SameTurnWrites}); a failure before the
 * first one still becomes a problem response.
 */
@ApplicationScoped
public class ResponseBodies {

    private static final Map<String, List<String>> JSON_HEADERS = Map.of(HttpHeaders.CONTENT_TYPE,
            List.of(MediaType.APPLICATION_JSON));
    private static final Map<String, List<String>> SSE_HEADERS = Map.of(
            HttpHeaders.CONTENT_TYPE, List.of(MediaType.SERVER_SENT_EVENTS),
            HttpHeaders.CACHE_CONTROL, List.of("no-cache"),
            // tells nginx-style proxies not to buffer the stream
            "X-Accel-Buffering", List.of("no"));

    /** Changes the gateway made to an OpenAI-shaped request, one header each. */
    static final String WARNING_HEADER = "X-Gateway-Warning";
    private static final int MAX_WARNING = 1000;

    private final ObjectMapper json;

    ResponseBodies(ObjectMapper json) {
        this.json = json;
    }

    public static boolean wantsEvents(Boolean streamFlag, String accept) {
        return Boolean.TRUE.equals(streamFlag) || (accept != null && accept.contains(MediaType.SERVER_SENT_EVENTS));
    }

    public RestMulti<byte[]> document(Uni<?> answer) {
        return RestMulti.fromUniResponse(answer, item -> Multi.createFrom().item(bytes(item)), item -> JSON_HEADERS);
    }

    /** A JSON document, with the gateway's warnings as {@code X-Gateway-Warning} headers. */
    public <T> RestMulti<byte[]> document(Uni<T> answer, Function<T, Object> body, Function<T, List<String>> warnings) {
        return RestMulti.fromUniResponse(answer, item -> Multi.createFrom().item(bytes(body.apply(item))),
                item -> withWarnings(JSON_HEADERS, warnings.apply(item)));
    }

    /** A JSON document, with the gateway's warnings and what the answer cache did as headers. */
    public <T> RestMulti<byte[]> document(Uni<T> answer, Function<T, Object> body, Function<T, List<String>> warnings,
            Function<T, CacheOutcome> cache) {
        return RestMulti.fromUniResponse(answer, item -> Multi.createFrom().item(bytes(body.apply(item))),
                item -> cache.apply(item).addedTo(withWarnings(JSON_HEADERS, warnings.apply(item))));
    }

    /** Events as {@code event: <name>} plus {@code data: <json>}. */
    public <T> RestMulti<byte[]> events(Uni<T> start, Function<T, Multi<StreamEvent>> events) {
        return events(start, events, item -> CacheOutcome.NONE);
    }

    /** The same, with what the answer cache did as headers. */
    public <T> RestMulti<byte[]> events(Uni<T> start, Function<T, Multi<StreamEvent>> events,
            Function<T, CacheOutcome> cache) {
        return RestMulti.fromUniResponse(start, item -> SameTurnWrites.of(events.apply(item)
                .map(event -> frame("event: " + event.name() + "\ndata: " + text(event.data()) + "\n\n"))),
                item -> cache.apply(item).addedTo(SSE_HEADERS));
    }

    /** Unnamed events of ready JSON, as OpenAI streams them, with the gateway's warnings as headers. */
    public <T> RestMulti<byte[]> dataEvents(Uni<T> start, Function<T, Multi<String>> data,
            Function<T, List<String>> warnings, Function<T, CacheOutcome> cache) {
        return RestMulti.fromUniResponse(start,
                item -> SameTurnWrites.of(data.apply(item).map(text -> frame("data: " + text + "\n\n"))),
                item -> readWithFirstEvent(() -> cache.apply(item).addedTo(withWarnings(SSE_HEADERS,
                        warnings.apply(item)))));
    }

    /**
     * Headers computed when Quarkus REST writes them, with the first event, rather than when the stream starts: a
     * fallback model that takes over before the first event adds its warning.
     */
    private static Map<String, List<String>> readWithFirstEvent(Supplier<Map<String, List<String>>> headers) {
        return new AbstractMap<>() {
            @Override
            public Set<Map.Entry<String, List<String>>> entrySet() {
                return headers.get().entrySet();
            }
        };
    }

    /** Warnings may quote a client's text: a control character in a header would make Vert.x drop the answer. */
    static Map<String, List<String>> withWarnings(Map<String, List<String>> headers, List<String> warnings) {
        if (warnings.isEmpty()) {
            return headers;
        }
        Map<String, List<String>> all = new HashMap<>(headers);
        all.put(WARNING_HEADER, warnings.stream().map(warning -> PlainText.line(warning, MAX_WARNING)).toList());
        return all;
    }

    private byte[] bytes(Object value) {
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            // straight to UTF-8: a String first would hold the whole answer twice more
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer record could not be written as JSON", e);
        }
    }

    private String text(Object value) {
        try {
            return value instanceof String text ? text : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer record could not be written as JSON", e);
        }
    }

    private static byte[] frame(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
