package dev.visiongateway.openai;

import dev.visiongateway.image.Detail;

/** One content part of a user message, in the router's wire shape ({@code type} plus a field named after it). */
public sealed interface ContentPart {

    record Text(String type, String text) implements ContentPart {
        public Text(String text) {
            this("text", text);
        }
    }

    record ImageUrl(String type, Ref imageUrl) implements ContentPart {
        public ImageUrl(CharSequence url, Detail detail) {
            this("image_url", new Ref(url, detail));
        }

        /** {@code url}: a String, or a data URL as bytes ({@code image.DataUrlText}), which writes itself. */
        public record Ref(CharSequence url, Detail detail) {
        }
    }

    record InputFile(String type, Ref inputFile) implements ContentPart {
        public InputFile(String fileId, String mimeType) {
            this("input_file", new Ref(fileId, mimeType));
        }

        public record Ref(String fileId, String mimeType) {
        }
    }
}
