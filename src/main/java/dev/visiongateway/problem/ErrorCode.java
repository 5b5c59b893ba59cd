package dev.visiongateway.problem;

import java.util.Locale;

/**
 * Every {@code code} a problem can carry, with the HTTP status it is answered with. Clients branch on these
 * codes, so they are a contract: the README's error table lists exactly these (checked by ErrorTableTest).
 */
public enum ErrorCode {

    // 400: the request is wrong; nothing was sent anywhere
    BAD_REQUEST(400),
    INVALID_REQUEST(400),
    MALFORMED_JSON(400),
    UNSUPPORTED_FIELD(400),
    UNSUPPORTED_PART(400),
    INVALID_OPERATION(400),
    INVALID_DETAIL(400),
    INVALID_IMAGE(400),
    INVALID_DATA_URL(400),
    INVALID_URL(400),
    URL_NOT_ALLOWED(400),
    IMAGE_FETCH_FAILED(400),
    IMAGE_FETCH_TIMEOUT(400),
    TOO_MANY_REDIRECTS(400),
    TOO_MANY_IMAGES(400),
    TOO_FEW_IMAGES(400),
    TOO_MANY_PARTS(400),
    UNKNOWN_MODEL(400),
    MODEL_NOT_VISION(400),
    MODEL_NOT_FOR_OPERATION(400),
    LOCAL_NEEDS_IMAGE_BYTES(400),
    UPSTREAM_REJECTED(400),
    UNKNOWN_FILE(400),
    // 401: no client API key, or one the gateway does not know (gateway.auth.mode=keys)
    INVALID_API_KEY(401),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    BODY_TIMEOUT(408),
    LENGTH_REQUIRED(411),
    IMAGE_TOO_LARGE(413),
    REQUEST_TOO_LARGE(413),
    TOO_MANY_TILES(413),
    UNSUPPORTED_FORMAT(415),
    UNSUPPORTED_MEDIA_TYPE(415),
    // 429: a client key over one of its limits (gateway.limits), or the router rate-limiting the gateway
    RATE_LIMITED(429),
    UPSTREAM_RATE_LIMITED(429),
    // 499 (nginx's "client closed request"): only logged and counted, the client is gone
    CLIENT_CLOSED_REQUEST(499),
    CANCELLED(499),
    INTERNAL_ERROR(500),
    OCR_FAILED(500),
    UPSTREAM_ERROR(502),
    UPSTREAM_AUTH_FAILED(502),
    UPSTREAM_MALFORMED(502),
    UPSTREAM_STREAM_TRUNCATED(502),
    ROUTER_NOT_CONFIGURED(503),
    UPSTREAM_UNREACHABLE(503),
    UPSTREAM_CIRCUIT_OPEN(503),
    IMAGES_BUSY(503),
    REQUESTS_BUSY(503),
    OCR_BUSY(503),
    OCR_ENGINE_MISSING(503),
    UPSTREAM_TIMEOUT(504),
    OCR_TIMEOUT(504);

    private final int status;
    private final String id;

    ErrorCode(int status) {
        this.status = status;
        this.id = name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }

    /** The code as clients see it: {@code too_many_images}. */
    public String id() {
        return id;
    }

    /** The code of a refusal that Quarkus or Vert.x made before any gateway code ran, by its HTTP status. */
    public static ErrorCode forHttpStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> BODY_TIMEOUT;
            case 411 -> LENGTH_REQUIRED;
            case 413 -> REQUEST_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
