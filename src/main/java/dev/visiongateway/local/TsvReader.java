package dev.visiongateway.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Tesseract's TSV output ({@code level page block par line word left top width height conf text}) into
 * lines in reading order ({@link ReadingOrder}): the words of a line joined by single spaces, boxes scaled from the
 * OCR input back to the original image.
 */
final class TsvReader {

    private static final int WORD_LEVEL = 5;

    private TsvReader() {
    }

    /** {@code scale} is OCR-input pixels per original pixel. */
    static OcrText read(String tsv, double scale, String language) {
        List<OcrText.Line> lines = new ArrayList<>();
        for (ReadingOrder.Piece line : ReadingOrder.lines(pieces(tsv))) {
            int x = (int) Math.floor(line.left() / scale);
            int y = (int) Math.floor(line.top() / scale);
            OcrText.Box box = new OcrText.Box(x, y, (int) Math.ceil(line.right() / scale) - x,
                    (int) Math.ceil(line.bottom() / scale) - y);
            lines.add(new OcrText.Line(line.block(), line.paragraph(), line.text(),
                    Math.round(line.confidence()) / 100.0, box));
        }
        return new OcrText(language, List.copyOf(lines));
    }

    /** Tesseract's own lines, in its order. */
    static List<ReadingOrder.Piece> pieces(String tsv) {
        List<ReadingOrder.Piece> pieces = new ArrayList<>();
        PieceBuilder current = null;
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
                    pieces.add(current.build());
                }
                current = new PieceBuilder(block, paragraph, line);
            }
            current.add(word, Double.parseDouble(columns[10]), Integer.parseInt(columns[6]),
                    Integer.parseInt(columns[7]), Integer.parseInt(columns[8]), Integer.parseInt(columns[9]));
        }
        if (current != null) {
            pieces.add(current.build());
        }
        return pieces;
    }

    private static final class PieceBuilder {
        private final int block;
        private final int paragraph;
        private final int line;
        private final List<ReadingOrder.Word> words = new ArrayList<>();

        PieceBuilder(int block, int paragraph, int line) {
            this.block = block;
            this.paragraph = paragraph;
            this.line = line;
        }

        boolean isLine(int block, int paragraph, int line) {
            return this.block == block && this.paragraph == paragraph && this.line == line;
        }

        void add(String word, double confidence, int x, int y, int width, int height) {
            words.add(new ReadingOrder.Word(word, confidence, x, y, x + width, y + height));
        }

        ReadingOrder.Piece build() {
            return new ReadingOrder.Piece(block, paragraph, List.copyOf(words));
        }
    }
}
