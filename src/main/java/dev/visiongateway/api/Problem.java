package dev.visiongateway.api;

import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document, extended with the gateway's stable {@code code} and the {@code field} at fault. */
public record Problem(String type, String title, int status, String detail, String code, String field,
        OpenAiError error) {

    /**
     * The same fault in OpenAI's error shape, added on the OpenAI-compatible endpoint so that OpenAI client
     * libraries show the gateway's message (an RFC 9457 extension member).
     */
    public record OpenAiError(String message, String type, String param, String code) {
    }

    public Problem withOpenAiError() {
        return new Problem(type, title, status, detail, code, field, new OpenAiError(detail, code, field, code));
    }


    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail, String field) {
        return new Problem("about:blank", title(status), status, detail, code, field, null);
    }

    public static Problem of(GatewayProblem problem) {
        return of(problem.status(), problem.code(), problem.getMessage(), problem.field());
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : status == 429 ? "Too Many Requests" : "Error";
    }
}
