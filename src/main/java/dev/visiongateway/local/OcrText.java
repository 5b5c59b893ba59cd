package dev.visiongateway.local;

import java.util.List;

/**
 * What Tesseract read in one image: lines of words in reading order, each with its paragraph, its mean word
 * confidence (0..1) and its box in the original image's pixels.
 */
record OcrText(String language, List<Line> lines) {

    record Box(int x, int y, int width, int height) {

        boolean contains(Box other) {
            return other.x >= x && other.y >= y && other.x + other.width <= x + width
                    && other.y + other.height <= y + height;
        }

        long area() {
            return (long) width * height;
        }
    }

    /** {@code block} and {@code paragraph} are Tesseract's numbers; a change of either starts a new paragraph. */
    record Line(int block, int paragraph, String text, double confidence, Box box) {

        boolean sameParagraphAs(Line other) {
            return other != null && block == other.block && paragraph == other.paragraph;
        }
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }
}
