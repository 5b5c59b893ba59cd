package dev.visiongateway.upstream;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import dev.visiongateway.problem.PlainText;

/**
 * A non-2xx answer of the router: its status, its {@code Retry-After} and its error code, if any. The router's own
 * words (its {@code error.message}, an HTML error page) go to the log only: they may quote the request, name the
 * router's internals or be arbitrarily long, so clients are told the status and the code.
 */
public class RouterFault extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(RouterFault.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of the router's message a log line keeps. */
    static final int MAX_LOGGED = 300;
    /** An error code worth passing on is a short token ({@code context_length_exceeded}), never a sentence. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final int status;
    private final Duration retryAfter;
    private final String code;

    RouterFault(int status, Duration retryAfter, String code) {
        super("the router answered HTTP " + status + (code == null ? "" : " (" + code + ")"), null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.code = code;
    }

    static RouterFault of(Response response) {
        return of(response.getStatus(), response.getHeaderString(HttpHeaders.RETRY_AFTER),
                response.hasEntity() ? response.readEntity(String.class) : "");
    }

    /** The router's answer of {@code status}, its {@code Retry-After} header (or null) and its body. */
    static RouterFault of(int status, String retryAfter, String body) {
        JsonNode error = errorOf(body);
        String message = messageOf(error);
        LOG.warnf("The router answered HTTP %d: %s", status,
                PlainText.line(message != null ? message : body.strip(), MAX_LOGGED));
        return new RouterFault(status, parseRetryAfter(retryAfter), codeOf(error));
    }

    public int status() {
        return status;
    }

    /** The router's {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The router's error code ({@code error.code}, else {@code error.type}) when it is a plain token, else null. */
    public String code() {
        return code;
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

    /** The OpenAI-style {@code error} of a body, or a missing node for a plain-text or HTML error page. */
    private static JsonNode errorOf(String body) {
        try {
            return JSON.readTree(body == null ? "" : body.strip()).path("error");
        } catch (java.io.IOException | RuntimeException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** {@code error.message}, or {@code error} itself when it is a string; null when there is none. */
    static String messageOf(JsonNode error) {
        if (error.path("message").isTextual()) {
            return error.path("message").asText();
        }
        return error.isTextual() ? error.asText() : null;
    }

    /** {@code error.code} (a string or a number), else {@code error.type}, when it is a plain token. */
    static String codeOf(JsonNode error) {
        for (JsonNode candidate : new JsonNode[] { error.path("code"), error.path("type") }) {
            if ((candidate.isTextual() || candidate.isIntegralNumber()) && CODE.matcher(candidate.asText()).matches()) {
                return candidate.asText();
            }
        }
        return null;
    }

    /** What a client is told of a router answer: {@code (HTTP 400, code invalid_image_url)}. */
    static String summary(int status, String code) {
        return "(HTTP " + status + (code == null ? "" : ", code " + code) + ")";
    }
}
