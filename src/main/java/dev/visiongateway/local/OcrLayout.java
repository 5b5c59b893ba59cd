package dev.visiongateway.local;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Lays out what Tesseract read in the three OCR formats, as pieces to stream: {@code text} keeps the lines and a
 * blank line between paragraphs; {@code markdown} gives one line per paragraph, paragraphs apart; {@code json}
 * gives every line with its confidence and box in the original image's pixels.
 */
final class OcrLayout {

    /** One image in the {@code json} format. */
    record JsonImage(int index, String language, int width, int height, List<JsonLine> lines) {
    }

    /** {@code paragraph} counts from 1 within the image. */
    record JsonLine(String text, double confidence, int paragraph, OcrText.Box box) {
    }

    private OcrLayout() {
    }

    static List<String> text(OcrText text) {
        List<String> pieces = new ArrayList<>();
        OcrText.Line previous = null;
        for (OcrText.Line line : text.lines()) {
            String separator = previous == null ? "" : line.continues(previous) ? "\n" : "\n\n";
            pieces.add(separator + line.text());
            previous = line;
        }
        return pieces;
    }

    static List<String> markdown(OcrText text) {
        List<String> pieces = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        OcrText.Line previous = null;
        for (OcrText.Line line : text.lines()) {
            if (previous != null && !line.continues(previous)) {
                pieces.add((pieces.isEmpty() ? "" : "\n\n") + paragraph);
                paragraph.setLength(0);
            }
            paragraph.append(paragraph.isEmpty() ? "" : " ").append(line.text());
            previous = line;
        }
        if (!paragraph.isEmpty()) {
            pieces.add((pieces.isEmpty() ? "" : "\n\n") + paragraph);
        }
        return pieces;
    }

    static String json(OcrText text, LocalImage image, ObjectMapper json) {
        List<JsonLine> lines = new ArrayList<>(text.lines().size());
        int paragraph = 0;
        OcrText.Line previous = null;
        for (OcrText.Line line : text.lines()) {
            if (!line.continues(previous)) {
                paragraph++;
            }
            lines.add(new JsonLine(line.text(), line.confidence(), paragraph, line.box()));
            previous = line;
        }
        try {
            return json.writeValueAsString(new JsonImage(image.number(), text.language(), image.width(),
                    image.height(), lines));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OCR lines could not be written as JSON", e);
        }
    }
}
