package dev.visiongateway.vision;

import java.util.List;

import dev.visiongateway.image.ImageReport;

/**
 * The instruction each operation sends with its images. Images are referred to by their order, since the one
 * text part of a message must label them all (docs/ARCHITECTURE.md rule 1).
 */
final class PromptTemplates {

    private PromptTemplates() {
    }

    /** {@code images}: what is sent, in order; an image cut into tiles for OCR has a report per tile. */
    static String render(VisionOperation operation, VisionRequest request, List<ImageReport> images) {
        int imageCount = (int) images.stream().mapToInt(ImageReport::index).distinct().count();
        String base = switch (operation) {
            case DESCRIBE -> describe(imageCount);
            case COMPARE -> compare(imageCount);
            case OCR -> ocr(imageCount, request.format() == null ? OcrFormat.TEXT : request.format(), request.language())
                    + tiles(images);
        };
        StringBuilder prompt = new StringBuilder(base);
        if (operation != VisionOperation.OCR && request.language() != null && !request.language().isBlank()) {
            prompt.append("\nAnswer in this language: ").append(request.language().strip()).append('.');
        }
        if (request.prompt() != null && !request.prompt().isBlank()) {
            prompt.append("\n\nAdditional instruction from the user: ").append(request.prompt().strip());
        }
        return prompt.toString();
    }

    private static String describe(int imageCount) {
        String subject = imageCount == 1 ? "the image"
                : "each of the " + imageCount + " images (numbered 1 to "
                        + imageCount + " in the order given)";
        return "Describe " + subject + " faithfully: the subject, setting, notable objects, people and their actions,"
                + " colours, and any visible text. Say only what can be seen; when something is uncertain, say so"
                + " rather than guess.";
    }

    private static String compare(int imageCount) {
        return "Compare the " + imageCount + " images, numbered 1 to " + imageCount + " in the order given; refer to"
                + " them as 'image 1', 'image 2' and so on. First list what they have in common, then every"
                + " difference you can see (content, composition, colours, text, quality), naming the images each"
                + " point concerns.";
    }

    /** Which pictures are tiles of one image, and how to read them: once, as one document. */
    private static String tiles(List<ImageReport> images) {
        StringBuilder tiled = new StringBuilder();
        for (int i = 0; i < images.size(); i++) {
            ImageReport.Tile tile = images.get(i).tile();
            if (tile != null && tile.number() == 1) {
                int number = (int) images.stream().limit(i).mapToInt(ImageReport::index).distinct().count() + 1;
                tiled.append(tiled.isEmpty() ? "" : "; ").append("image ").append(number).append(" as pictures ")
                        .append(i + 1).append(" to ").append(i + tile.count());
            }
        }
        return tiled.isEmpty() ? ""
                : "\nLong pages are sent cut into tiles that overlap, in reading order (top to"
                        + " bottom, or left to right): " + tiled + ". Read the tiles of an image as one page: transcribe"
                        + " each line once, also where two tiles overlap and both show it.";
    }

    private static String ocr(int imageCount, OcrFormat format, String language) {
        String subject = imageCount == 1 ? "the image"
                : "the " + imageCount + " images, in order (numbered 1 to "
                        + imageCount + "), starting each with a line 'Image N'";
        String layout = switch (format) {
            case TEXT -> "Output plain text only, keeping the line breaks and reading order.";
            case MARKDOWN -> "Output Markdown that keeps the structure: headings, paragraphs, lists and tables.";
            case JSON -> "Output only JSON of the form {\"images\": [{\"index\": 1, \"lines\": [\"...\"]}]}, one entry"
                    + " per image and one string per line of text.";
        };
        String hint = language == null || language.isBlank() ? ""
                : " The text is expected to be in this language: " + language.strip() + ".";
        return "Transcribe all the text in " + subject + " exactly as written: no corrections, no translation, no"
                + " commentary. Mark unreadable characters with [?]." + hint + " " + layout;
    }
}
