package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.image.PreparedImage;

/**
 * Builds the chat messages of an operation (docs/ARCHITECTURE.md rules 1 and 7): history first, then user messages of one
 * text part and at most {@code maxParts - 1} images each; {@code detail} only where the model takes it.
 */
final class MessageBuilder {

    private final int maxParts;

    MessageBuilder(int maxParts) {
        this.maxParts = maxParts;
    }

    List<ChatMessage> build(String prompt, List<PreparedImage> images, List<ObjectNode> history, boolean takesDetail,
            String model, Consumer<String> warnings) {
        List<ChatMessage> messages = new ArrayList<>(history.size() + 2);
        for (int i = 0; i < history.size(); i++) {
            messages.add(new ChatMessage.History(checkedHistory(history.get(i), i)));
        }
        if (!takesDetail && images.stream().anyMatch(image -> image.detail() != null)) {
            warnings.accept("'detail' was ignored: model " + model + " does not take it (only OpenAI models do).");
        }
        int perMessage = maxParts - 1;
        for (int from = 0; from < images.size(); from += perMessage) {
            int to = Math.min(images.size(), from + perMessage);
            List<ContentPart> parts = new ArrayList<>(to - from + 1);
            parts.add(new ContentPart.Text(from == 0 ? prompt : continuation(from, to, images.size())));
            for (PreparedImage image : images.subList(from, to)) {
                parts.add(part(image, takesDetail));
            }
            messages.add(ChatMessage.Parts.user(parts));
        }
        return messages;
    }

    private static String continuation(int from, int to, int total) {
        return "Images " + (from + 1) + " to " + to + " of " + total + ", continued in the same order.";
    }

    private static ContentPart part(PreparedImage image, boolean takesDetail) {
        if (image.file() != null) {
            return new ContentPart.InputFile(image.file().fileId(), image.file().mimeType());
        }
        return new ContentPart.ImageUrl(image.url(), takesDetail ? image.detail() : null);
    }

    private ObjectNode checkedHistory(ObjectNode turn, int index) {
        String field = "history[" + index + "]";
        JsonNode role = turn.get("role");
        if (role == null || !role.isTextual()
                || !List.of("system", "user", "assistant", "tool", "developer").contains(role.asText())) {
            throw GatewayProblem.of(ErrorCode.INVALID_HISTORY, field + ".role",
                    "Each history turn needs a 'role' of system, developer, user, assistant or tool.");
        }
        JsonNode content = turn.get("content");
        if (content != null && content.isArray() && content.size() > maxParts) {
            throw GatewayProblem.of(ErrorCode.TOO_MANY_PARTS, field + ".content",
                    "History turn " + (index + 1) + " has " + content.size() + " content parts; the router takes at most "
                            + maxParts + " per message.");
        }
        return turn;
    }
}
