package dev.visiongateway.vision;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * The top-level fields, roles and part types an OpenAI-shaped chat request may carry through the gateway, each with
 * its bounds: the router is called with the gateway's key, so a client must not be able to multiply the cost
 * ({@code n}), attach unbounded lists, or pass fields or parts the gateway has not checked.
 */
final class ChatFields {

    private static final Predicate<JsonNode> ANY_SCALAR = JsonNode::isValueNode;
    private static final Predicate<JsonNode> NUMBER = JsonNode::isNumber;
    private static final Predicate<JsonNode> BOOLEAN = JsonNode::isBoolean;
    private static final Predicate<JsonNode> OBJECT = JsonNode::isObject;

    /** Field, and what its value must be; {@code model} and {@code messages} are checked on their own. */
    private static final Map<String, Bound> FIELDS = Map.ofEntries(
            Map.entry("model", new Bound(ANY_SCALAR, "a string")),
            Map.entry("messages", new Bound(JsonNode::isArray, "an array")),
            Map.entry("stream", new Bound(BOOLEAN, "true or false")),
            Map.entry("stream_options", new Bound(OBJECT, "an object")),
            Map.entry("max_tokens", new Bound(NUMBER, "a number")),
            Map.entry("max_completion_tokens", new Bound(NUMBER, "a number")),
            Map.entry("temperature", new Bound(NUMBER, "a number")),
            Map.entry("top_p", new Bound(NUMBER, "a number")),
            Map.entry("presence_penalty", new Bound(NUMBER, "a number")),
            Map.entry("frequency_penalty", new Bound(NUMBER, "a number")),
            Map.entry("seed", new Bound(NUMBER, "a number")),
            Map.entry("n", new Bound(value -> value.isIntegralNumber() && value.asInt() == 1,
                    "1: the gateway asks for one answer per request")),
            Map.entry("stop", new Bound(value -> value.isTextual() || value.isNull()
                    || value.isArray() && value.size() <= 4, "a string or at most 4 strings")),
            Map.entry("user", new Bound(value -> value.isTextual() && value.asText().length() <= 256,
                    "a string of at most 256 characters")),
            Map.entry("response_format", new Bound(OBJECT, "an object")),
            Map.entry("logprobs", new Bound(BOOLEAN, "true or false")),
            Map.entry("top_logprobs", new Bound(value -> value.isIntegralNumber() && value.asInt() <= 20,
                    "a number up to 20")),
            Map.entry("logit_bias", new Bound(value -> value.isObject() && value.size() <= 300,
                    "an object of at most 300 entries")),
            Map.entry("tools", new Bound(value -> value.isArray() && value.size() <= 32, "at most 32 tools")),
            Map.entry("tool_choice", new Bound(value -> value.isTextual() || value.isObject(), "a string or an object")),
            Map.entry("parallel_tool_calls", new Bound(BOOLEAN, "true or false")),
            Map.entry("reasoning_effort", new Bound(JsonNode::isTextual, "a string")),
            Map.entry("metadata", new Bound(value -> value.isObject() && value.size() <= 16,
                    "an object of at most 16 entries")));

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    static final Set<String> PART_TYPES = Set.of("text", "image_url", "input_file");
    static final int MAX_MESSAGES = 200;

    private record Bound(Predicate<JsonNode> accepts, String expected) {
    }

    private ChatFields() {
    }

    /** Refuses the first field that is not allowed, or out of its bounds, naming it. */
    static void check(ObjectNode request) {
        request.fieldNames().forEachRemaining(name -> {
            Bound bound = FIELDS.get(name);
            if (bound == null) {
                throw GatewayProblem.of(ErrorCode.UNSUPPORTED_FIELD, name, "Field '" + printable(name) + "' is not"
                        + " passed to the router by this gateway; the fields it takes are: "
                        + String.join(", ", FIELDS.keySet().stream().sorted().toList()) + ".");
            }
            if (!bound.accepts().test(request.get(name))) {
                throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, name, "'" + name + "' must be " + bound.expected()
                        + ".");
            }
        });
        JsonNode messages = request.path("messages");
        if (messages.size() > MAX_MESSAGES) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "messages", "The request has " + messages.size()
                    + " messages; at most " + MAX_MESSAGES + " are accepted.");
        }
    }

    /** A client's field name, safe to put in a message (no control characters, bounded). */
    static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
