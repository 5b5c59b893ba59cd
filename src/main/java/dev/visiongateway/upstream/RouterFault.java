package dev.visiongateway.upstream;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A non-2xx answer of the router: its status, its {@code Retry-After} and the message it gave, if any. */
public class RouterFault extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private final int status;
    private final Duration retryAfter;

    RouterFault(int status, Duration retryAfter, String message) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static RouterFault of(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        return new RouterFault(response.getStatus(), parseRetryAfter(response.getHeaderString(HttpHeaders.RETRY_AFTER)),
                messageOf(body));
    }

    public int status() {
        return status;
    }

    /** The router's {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Seconds or an HTTP date (RFC 9110); anything unreadable counts as absent. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until.withNanos(0).plusSeconds(1);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** The OpenAI-style {@code error.message}, else the start of the body; router bodies never echo our key. */
    private static String messageOf(String body) {
        String message = body == null ? "" : body.strip();
        try {
            JsonNode error = JSON.readTree(message).path("error");
            if (error.path("message").isTextual()) {
                message = error.path("message").asText();
            } else if (error.isTextual()) {
                message = error.asText();
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // a plain-text or HTML error page: keep its start
        }
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
    }
}
