package dev.visiongateway.problem;

import java.time.Duration;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * A failure with everything a client needs to act on it: a stable {@link ErrorCode} (which fixes the HTTP
 * status), a sentence a person understands and, where a request field is at fault, its JSON path. Rendered as
 * RFC 9457 problem JSON by the web layer.
 */
public class GatewayProblem extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final Duration retryAfter;

    public GatewayProblem(ErrorCode code, String detail, String field, Duration retryAfter) {
        super(detail, null, false, false);
        this.code = code;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** A problem with {@code field} (a JSON path of the request, or null) at fault. */
    public static GatewayProblem of(ErrorCode code, String field, String detail) {
        return new GatewayProblem(code, detail, field, null);
    }

    /** The problem itself, or an opaque 500 for anything unforeseen, whose details go to the log only. */
    public static GatewayProblem of(Throwable failure) {
        if (failure instanceof GatewayProblem problem) {
            return problem;
        }
        Logger.getLogger(GatewayProblem.class).error("Unexpected failure", failure);
        return of(ErrorCode.INTERNAL_ERROR, null, "The gateway failed unexpectedly; the error was logged.");
    }

    public int status() {
        return code.status();
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
