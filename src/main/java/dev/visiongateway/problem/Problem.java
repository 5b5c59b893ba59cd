package dev.visiongateway.problem;

import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document, extended with the gateway's stable {@code code} and the {@code field} at fault. */
public record Problem(String type, String title, int status, String detail, String code, String field,
        OpenAiError error) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(GatewayProblem problem) {
        return new Problem("about:blank", title(problem.status()), problem.status(), problem.getMessage(),
                problem.code().id(), problem.field(), null);
    }

    /**
     * The same fault with OpenAI's error shape added (an RFC 9457 extension member), on the OpenAI-compatible
     * endpoint, so that OpenAI client libraries show the gateway's message.
     */
    public static Problem withOpenAiError(GatewayProblem problem) {
        Problem plain = of(problem);
        return new Problem(plain.type, plain.title, plain.status, plain.detail, plain.code, plain.field,
                OpenAiError.of(problem));
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : status == 429 ? "Too Many Requests" : "Error";
    }
}
