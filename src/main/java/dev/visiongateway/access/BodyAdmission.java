package dev.visiongateway.access;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.image.UploadLimits;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Admits a request body before anything reads it (docs/ARCHITECTURE.md rules 2 and 12): a declared length over the
 * limit (JSON's, or the larger one of forms) is a 413 problem at once (Quarkus's own check would answer a bare 413), a JSON
 * body must declare its length
 * (411 otherwise), JSON bodies in flight stay within a byte budget that fits the heap and multipart uploads
 * within one that fits the pod's {@code /tmp} (else 503), and a body that
 * has not fully arrived within the body timeout ends the connection with 408, so a slow or stalled client cannot
 * hold memory, a worker thread and a connection indefinitely.
 */
@ApplicationScoped
public class BodyAdmission {

    /** A refused body is read and dropped up to this many times the body limit; past it the connection closes. */
    private static final long DRAINED_MAX_FACTOR = 2;

    /** Quarkus's limit for every body: the larger of the two below. */
    private final long maxBodyBytes;
    private final long maxJsonBytes;
    private final long maxFormBytes;
    private final long budget;
    private final long uploadBudget;
    private final Duration bodyTimeout;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong uploading = new AtomicLong();
    private final Vertx vertx;
    private final ObjectMapper json;
    private final AbandonedUploads abandoned;

    BodyAdmission(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            RequestLimits limits, UploadLimits uploads, AbandonedUploads abandoned, Vertx vertx, ObjectMapper json) {
        this.abandoned = abandoned;
        this.maxBodyBytes = maxBodySize.asLongValue();
        // Quarkus answers a body over its own limit with a bare 413: ours must not be larger
        this.maxJsonBytes = Math.min(limits.maxJsonBytes().asLongValue(), maxBodyBytes);
        this.maxFormBytes = Math.min(uploads.maxRequestBytes().asLongValue(), maxBodyBytes);
        this.budget = Math.max(limits.inFlightBodyBytesOrDefault(), maxJsonBytes);
        this.uploadBudget = Math.max(limits.inFlightUploadBytes().asLongValue(), maxFormBytes);
        this.bodyTimeout = limits.bodyTimeout();
        this.vertx = vertx;
        this.json = json;
    }

    void install(@Observes Router router) {
        // just before Quarkus's own upload limit, after CORS, so that a browser can read the refusal
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::admit);
    }

    /** The 413 of a body over Quarkus's own limit, which only a form can reach: ours are checked first. */
    public GatewayProblem requestTooLarge() {
        return formTooLarge(-1);
    }

    private GatewayProblem jsonTooLarge(long length) {
        return GatewayProblem.of(ErrorCode.REQUEST_TOO_LARGE, null, "The JSON body is " + sizes(length, maxJsonBytes)[0]
                + "; JSON bodies may be at most " + sizes(length, maxJsonBytes)[1]
                + " (gateway.requests.max-json-bytes). Upload"
                + " large images as multipart/form-data instead, or once with the Files API.");
    }

    private GatewayProblem formTooLarge(long length) {
        return GatewayProblem.of(ErrorCode.REQUEST_TOO_LARGE, null, (length < 0 ? "The form is larger than the gateway"
                + " accepts" : "The form is " + sizes(length, maxFormBytes)[0]) + "; forms may be at most "
                + sizes(length, maxFormBytes)[1] + " (gateway.uploads.max-request-bytes). Send fewer images per request.");
    }

    /** Both sizes as {@link #size}, or in bytes when they would read the same. */
    private static String[] sizes(long seen, long limit) {
        String one = size(seen);
        String other = size(limit);
        return one.equals(other) ? new String[] { seen + " bytes", limit + " bytes" } : new String[] { one, other };
    }

    /** Bytes as a person reads them: MB (10^6), with one decimal under 10 MB unless whole; small sizes in bytes. */
    static String size(long bytes) {
        if (bytes < 1_000_000) {
            return bytes + " bytes";
        }
        double megabytes = bytes / 1_000_000.0;
        return (megabytes < 10 && bytes % 1_000_000 != 0 ? String.format(java.util.Locale.ROOT, "%.1f", megabytes)
                : String.valueOf(Math.round(megabytes))) + " MB";
    }

    /** JSON body bytes admitted and not yet released. */
    public long inFlightBytes() {
        return inFlight.get();
    }

    private void admit(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            refuse(context, new GatewayProblem(ErrorCode.BAD_REQUEST, "The Content-Length header is not a number.", null,
                    null), false);
            return;
        }
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        // multipart files go to /tmp, whose size the pod limits; JSON bodies stay in the heap
        boolean spooledToDisk = type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
        long limit = spooledToDisk ? maxFormBytes : maxJsonBytes;
        if (length > limit) {
            refuse(context, spooledToDisk ? formTooLarge(length) : jsonTooLarge(length),
                    length <= DRAINED_MAX_FACTOR * limit);
            return;
        }
        // HTTP/2 frames a body without Transfer-Encoding: there, no Content-Length means an unknown length too
        boolean unknownLength = length < 0 && (context.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || context.request().version() == HttpVersion.HTTP_2);
        if (unknownLength && !spooledToDisk) {
            // a JSON body of unknown length could only be charged at the limit, and Quarkus answers one that
            // outgrows it without a problem document; HTTP clients send the length of the JSON they post
            refuse(context, new GatewayProblem(ErrorCode.LENGTH_REQUIRED, "Send the JSON body with a Content-Length"
                    + " header; chunked JSON bodies are not accepted.", null, null), false);
            return;
        }
        // an upload of unknown length (many multipart clients stream it chunked) may grow to the limit
        long charge = unknownLength ? maxFormBytes : Math.max(0, length);
        AtomicLong pool = spooledToDisk ? uploading : inFlight;
        if (charge > 0 && !reserve(pool, spooledToDisk ? uploadBudget : budget, charge)) {
            refuse(context, new GatewayProblem(ErrorCode.REQUESTS_BUSY, "The gateway is receiving many large request"
                    + " bodies right now; retry in a moment, or send images as URLs or uploads.", null,
                    Duration.ofSeconds(1)), true);
            return;
        }
        long timer = vertx.setTimer(bodyTimeout.toMillis(), fired -> {
            if (!context.request().isEnded() && !context.response().ended()) {
                refuse(context, new GatewayProblem(ErrorCode.BODY_TIMEOUT, "The request body did not arrive within "
                        + bodyTimeout.toSeconds() + " s; the connection was closed.", null, null), false);
            }
        });
        if (spooledToDisk) {
            abandoned.admitted(context);
        }
        AtomicBoolean released = new AtomicBoolean();
        context.addEndHandler(ended -> {
            vertx.cancelTimer(timer);
            if (released.compareAndSet(false, true)) {
                pool.addAndGet(-charge);
            }
        });
        context.next();
    }

    /** Multipart bytes being spooled to disk and not yet released. */
    public long uploadingBytes() {
        return uploading.get();
    }

    private static boolean reserve(AtomicLong pool, long capacity, long bytes) {
        long now;
        do {
            now = pool.get();
            if (now + bytes > capacity) {
                return false;
            }
        } while (!pool.compareAndSet(now, now + bytes));
        return true;
    }

    /**
     * Answers at once. With {@code drain}, what the client still sends is read and dropped, so that a client that
     * writes its whole body before it reads (most HTTP libraries do) gets the answer instead of a broken pipe;
     * otherwise, or past twice the body limit, the connection is closed.
     */
    public void refuse(RoutingContext context, GatewayProblem problem, boolean drain) {
        Problem body = context.request().path().startsWith("/v1/chat/") ? Problem.withOpenAiError(problem)
                : Problem.of(problem);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record could not be written as JSON", e);
        }
        HttpServerRequest request = context.request();
        boolean draining = drain && !request.isEnded();
        var response = context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        problem.retryAfter().ifPresent(wait -> response.putHeader("Retry-After", String.valueOf(wait.toSeconds())));
        if (!draining) {
            if (request.version() != HttpVersion.HTTP_2) {
                // HTTP/2 has no such header (a client drops an answer that carries it)
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
            response.end(text).onComplete(ended -> stopReading(request));
            return;
        }
        long[] seen = { 0 };
        long guard = vertx.setTimer(bodyTimeout.toMillis(), fired -> stopReading(request));
        request.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > DRAINED_MAX_FACTOR * maxBodyBytes) {
                stopReading(request);
            }
        });
        request.exceptionHandler(ignored -> vertx.cancelTimer(guard));
        request.endHandler(ended -> vertx.cancelTimer(guard));
        request.resume();
        response.end(text);
    }

    /**
     * Stops a body the gateway will not read: an HTTP/1.1 connection is closed; on HTTP/2, whose connection carries
     * other requests too, only this request's stream is reset (NO_ERROR, once the answer is out: RFC 9113 8.1).
     */
    private static void stopReading(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            if (!request.isEnded()) {
                request.response().reset(0);
            }
        } else {
            request.connection().close();
        }
    }
}
