package dev.visiongateway.upstream;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.openai.ChatMessage;
import dev.visiongateway.openai.ContentPart;

/**
 * Builds the chat messages of an operation for the router (docs/ARCHITECTURE.md rules 1 and 7): the history as the
 * client sent it (checked by the request rules), then user messages of one text part and at most
 * {@code maxParts - 1} images each; {@code detail} only where the model takes it.
 */
final class RouterMessages {

    private final int maxParts;

    RouterMessages(int maxParts) {
        this.maxParts = maxParts;
    }

    List<ChatMessage> build(String prompt, List<PreparedImage> images, List<ObjectNode> history, boolean takesDetail) {
        List<ChatMessage> messages = new ArrayList<>(history.size() + 2);
        for (ObjectNode turn : history) {
            messages.add(new ChatMessage.History(turn));
        }
        int perMessage = maxParts - 1;
        // the prompt calls the parts "pictures" when some are tiles of one image: image 2 may be pictures 4 to 6
        String noun = images.stream().anyMatch(image -> image.report().tile() != null) ? "Pictures" : "Images";
        for (int from = 0; from < images.size(); from += perMessage) {
            int to = Math.min(images.size(), from + perMessage);
            List<ContentPart> parts = new ArrayList<>(to - from + 1);
            parts.add(new ContentPart.Text(from == 0 ? prompt : continuation(noun, from, to, images.size())));
            for (PreparedImage image : images.subList(from, to)) {
                parts.add(part(image, takesDetail));
            }
            messages.add(ChatMessage.Parts.user(parts));
        }
        return messages;
    }

    private static String continuation(String noun, int from, int to, int total) {
        return noun + " " + (from + 1) + " to " + to + " of " + total + ", continued in the same order.";
    }

    private static ContentPart part(PreparedImage image, boolean takesDetail) {
        ImageContent content = image.content();
        if (content instanceof ImageContent.StoredFile stored) {
            return new ContentPart.InputFile(stored.file().fileId(), stored.file().mimeType());
        }
        if (content instanceof ImageContent.ReusedFile reused) {
            return new ContentPart.InputFile(reused.file().fileId(), reused.file().mimeType());
        }
        CharSequence url;
        if (content instanceof ImageContent.DataUrl data) {
            url = data.url();
        } else if (content instanceof ImageContent.RemoteUrl remote) {
            url = remote.url();
        } else {
            // the router asks for NORMALIZED images (RouterBackend.preparation): bytes never reach it
            throw new IllegalStateException("an image for the router was prepared as "
                    + content.getClass().getSimpleName());
        }
        return new ContentPart.ImageUrl(url, takesDetail ? image.detail() : null);
    }
}
