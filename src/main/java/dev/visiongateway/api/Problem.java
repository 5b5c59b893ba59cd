package dev.visiongateway.api;

import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document, extended with the gateway's stable {@code code} and the {@code field} at fault. */
public record Problem(String type, String title, int status, String detail, String code, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail, String field) {
        return new Problem("about:blank", title(status), status, detail, code, field);
    }

    public static Problem of(GatewayProblem problem) {
        return of(problem.status(), problem.code(), problem.getMessage(), problem.field());
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : status == 429 ? "Too Many Requests" : "Error";
    }
}
