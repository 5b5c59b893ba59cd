package dev.visiongateway.answers;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A streamed chat completion put back together from its chunks, to be stored as the {@code chat.completion} it
 * streams; at most {@code maxChars} of text. Tool calls and failed streams are not put together.
 */
final class StreamedCompletion {

    private final ObjectMapper json;
    private final long maxChars;
    private final Map<Integer, StringBuilder> contents = new TreeMap<>();
    private final Map<Integer, String> finishReasons = new TreeMap<>();
    private long chars;
    private JsonNode first;
    private JsonNode usage;
    private boolean whole = true;

    StreamedCompletion(ObjectMapper json, long maxChars) {
        this.json = json;
        this.maxChars = maxChars;
    }

    void add(String event) {
        if (!whole || "[DONE]".equals(event)) {
            return;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(event);
        } catch (java.io.IOException e) {
            whole = false;
            return;
        }
        if (chunk.has("error")) {
            whole = false;
            return;
        }
        if (first == null) {
            first = chunk;
        }
        if (chunk.hasNonNull("usage")) {
            usage = chunk.get("usage");
        }
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt();
            JsonNode delta = choice.path("delta");
            if (delta.has("tool_calls") || delta.has("function_call") || delta.hasNonNull("refusal")) {
                whole = false;
                return;
            }
            String text = delta.path("content").asText("");
            chars += text.length();
            if (chars > maxChars) {
                whole = false;
                return;
            }
            contents.computeIfAbsent(index, ignored -> new StringBuilder()).append(text);
            if (choice.hasNonNull("finish_reason")) {
                finishReasons.put(index, choice.get("finish_reason").asText());
            }
        }
    }

    /** The {@code chat.completion}, if the stream brought all of it, every choice to its end. */
    Optional<ObjectNode> whole() {
        if (!whole || first == null || contents.isEmpty() || !finishReasons.keySet().equals(contents.keySet())) {
            return Optional.empty();
        }
        ObjectNode completion = json.createObjectNode();
        completion.set("id", first.path("id"));
        completion.put("object", "chat.completion");
        completion.set("created", first.path("created"));
        completion.set("model", first.path("model"));
        ArrayNode choices = completion.putArray("choices");
        contents.forEach((index, text) -> {
            ObjectNode choice = choices.addObject().put("index", index);
            choice.putObject("message").put("role", "assistant").put("content", text.toString());
            choice.put("finish_reason", finishReasons.get(index));
        });
        if (usage != null) {
            completion.set("usage", usage);
        }
        return Optional.of(completion);
    }

    /** The chunks a stored completion streams as, at once: its text per choice, then how each ended, and usage. */
    static java.util.List<String> replay(ObjectMapper json, ObjectNode completion) {
        java.util.List<String> events = new java.util.ArrayList<>();
        ObjectNode text = chunk(json, completion);
        ObjectNode end = chunk(json, completion);
        ArrayNode texts = text.putArray("choices");
        ArrayNode ends = end.putArray("choices");
        for (JsonNode choice : completion.path("choices")) {
            int index = choice.path("index").asInt();
            ObjectNode delta = texts.addObject().put("index", index).putObject("delta").put("role", "assistant");
            delta.set("content", choice.path("message").path("content"));
            ObjectNode ended = ends.addObject().put("index", index);
            ended.putObject("delta");
            ended.set("finish_reason", choice.path("finish_reason"));
        }
        if (completion.has("usage")) {
            end.set("usage", completion.get("usage"));
        }
        events.add(text.toString());
        events.add(end.toString());
        events.add("[DONE]");
        return events;
    }

    private static ObjectNode chunk(ObjectMapper json, ObjectNode completion) {
        ObjectNode chunk = json.createObjectNode();
        chunk.set("id", completion.path("id"));
        chunk.put("object", "chat.completion.chunk");
        chunk.set("created", completion.path("created"));
        chunk.set("model", completion.path("model"));
        chunk.put("cached", true);
        return chunk;
    }

    /**
     * Whether every choice of a {@code chat.completion} came to its end with content: only such answers are stored,
     * never a refusal, a tool call or an answer cut by a filter.
     */
    static boolean complete(JsonNode completion) {
        JsonNode choices = completion.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            return false;
        }
        for (JsonNode choice : choices) {
            String reason = choice.path("finish_reason").asText();
            JsonNode message = choice.path("message");
            if (!reason.equals("stop") && !reason.equals("length") || message.hasNonNull("refusal")
                    || !message.path("content").isTextual() || message.path("content").asText().isBlank()) {
                return false;
            }
        }
        return true;
    }
}
