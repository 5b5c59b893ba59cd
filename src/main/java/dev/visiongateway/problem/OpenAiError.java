package dev.visiongateway.problem;

/**
 * A problem in OpenAI's error shape, which OpenAI client libraries read: in the problem document of
 * {@code /v1/chat/completions} and, wrapped as {@code {"error": ...}}, as the last event of a failed stream.
 */
public record OpenAiError(String message, String type, String param, String code) {

    /** {@code {"error": {...}}}, the body OpenAI sends. */
    public record Body(OpenAiError error) {
    }

    public static OpenAiError of(GatewayProblem problem) {
        return new OpenAiError(problem.getMessage(), problem.code().id(), problem.field(), problem.code().id());
    }
}
