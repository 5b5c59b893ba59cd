package dev.visiongateway.api;

import java.time.Duration;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * A failure with everything a client needs to act on it: the HTTP status, a stable {@code code}, a sentence a
 * person understands and, where a request field is at fault, its JSON path. Rendered as RFC 9457 problem JSON.
 */
public class GatewayProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Duration retryAfter;

    public GatewayProblem(int status, String code, String detail, String field, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public static GatewayProblem badRequest(String code, String field, String detail) {
        return new GatewayProblem(400, code, detail, field, null);
    }

    /** The problem itself, or an opaque 500 for anything unforeseen, whose details go to the log only. */
    public static GatewayProblem of(Throwable failure) {
        if (failure instanceof GatewayProblem problem) {
            return problem;
        }
        Logger.getLogger(GatewayProblem.class).error("Unexpected failure", failure);
        return new GatewayProblem(500, "internal_error", "The gateway failed unexpectedly; the error was logged.",
                null, null);
    }

    public static GatewayProblem unavailable(String code, String detail) {
        return new GatewayProblem(503, code, detail, null, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
