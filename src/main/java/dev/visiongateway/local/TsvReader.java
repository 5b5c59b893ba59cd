package dev.visiongateway.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Tesseract's TSV output ({@code level page block par line word left top width height conf text}) into
 * lines: the words of a line joined by single spaces, boxes scaled from the OCR input back to the original image.
 */
final class TsvReader {

    private static final int WORD_LEVEL = 5;

    private TsvReader() {
    }

    /** {@code scale} is OCR-input pixels per original pixel. */
    static OcrText read(String tsv, double scale, String language) {
        List<OcrText.Line> lines = new ArrayList<>();
        LineBuilder current = null;
        for (String row : tsv.split("\n")) {
            String[] columns = row.split("\t", -1);
            if (columns.length < 12 || !columns[0].strip().equals(String.valueOf(WORD_LEVEL))) {
                continue;
            }
            String word = columns[11].strip();
            if (word.isEmpty()) {
                continue;
            }
            int block = Integer.parseInt(columns[2]);
            int paragraph = Integer.parseInt(columns[3]);
            int line = Integer.parseInt(columns[4]);
            if (current == null || !current.isLine(block, paragraph, line)) {
                if (current != null) {
                    lines.add(current.build(scale));
                }
                current = new LineBuilder(block, paragraph, line);
            }
            current.add(word, Double.parseDouble(columns[10]), Integer.parseInt(columns[6]),
                    Integer.parseInt(columns[7]), Integer.parseInt(columns[8]), Integer.parseInt(columns[9]));
        }
        if (current != null) {
            lines.add(current.build(scale));
        }
        return new OcrText(language, List.copyOf(lines));
    }

    private static final class LineBuilder {
        private final int block;
        private final int paragraph;
        private final int line;
        private final StringBuilder text = new StringBuilder();
        private double confidenceSum;
        private int words;
        private int left = Integer.MAX_VALUE;
        private int top = Integer.MAX_VALUE;
        private int right = Integer.MIN_VALUE;
        private int bottom = Integer.MIN_VALUE;

        LineBuilder(int block, int paragraph, int line) {
            this.block = block;
            this.paragraph = paragraph;
            this.line = line;
        }

        boolean isLine(int block, int paragraph, int line) {
            return this.block == block && this.paragraph == paragraph && this.line == line;
        }

        void add(String word, double confidence, int x, int y, int width, int height) {
            text.append(text.isEmpty() ? "" : " ").append(word);
            confidenceSum += Math.max(0, confidence);
            words++;
            left = Math.min(left, x);
            top = Math.min(top, y);
            right = Math.max(right, x + width);
            bottom = Math.max(bottom, y + height);
        }

        OcrText.Line build(double scale) {
            int x = (int) Math.floor(left / scale);
            int y = (int) Math.floor(top / scale);
            OcrText.Box box = new OcrText.Box(x, y, (int) Math.ceil(right / scale) - x,
                    (int) Math.ceil(bottom / scale) - y);
            double confidence = Math.round(confidenceSum / words) / 100.0;
            return new OcrText.Line(block, paragraph, text.toString(), confidence, box);
        }
    }
}
