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

    /** {@code block} and {@code paragraph} are Tesseract's numbers. */
    record Line(int block, int paragraph, String text, double confidence, Box box) {

        /**
         * Whether this line continues the paragraph of {@code previous}: Tesseract says so, or the line sits
         * right below it at ordinary line spacing and the same left edge (Tesseract often gives a short last
         * line of a paragraph a block of its own).
         */
        boolean continues(Line previous) {
            if (previous == null) {
                return false;
            }
            if (block == previous.block && paragraph == previous.paragraph) {
                return true;
            }
            int lineHeight = Math.max(1, previous.box.height());
            int gap = box.y() - (previous.box.y() + previous.box.height());
            return gap >= 0 && gap < 0.8 * lineHeight && Math.abs(box.x() - previous.box.x()) < lineHeight;
        }
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }
}
