package dev.visiongateway.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A message of a chat request: one the gateway built from parts, or a history turn passed on as the client sent it. */
public sealed interface ChatMessage {

    record Parts(String role, List<ContentPart> content) implements ChatMessage {

        public static Parts user(List<ContentPart> content) {
            return new Parts("user", content);
        }
    }

    record History(@JsonValue ObjectNode json) implements ChatMessage {
    }
}
