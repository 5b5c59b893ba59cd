package dev.visiongateway.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the lines Tesseract found in the order a person reads them, from their boxes. Tesseract's automatic layout
 * takes the aligned columns of a receipt, a table or a form for separate blocks and lists them block after block,
 * so "Item 001 Coffee beans 2.07 EUR" came out as every item number, then every product, then every price.
 * Here the pieces of a page that sit on one row (their heights overlap by half) are joined left to right, and rows
 * are read top to bottom. Only a clear gutter between two columns of prose (a gap no piece crosses, running down
 * at least three rows, with lines of several words on both sides) keeps columns apart, read one after the other.
 * Pieces of one Tesseract block are never joined: its lines are already its own, also on a slightly rotated page.
 */
final class ReadingOrder {

    /** A word and its box. {@code confidence}: Tesseract's, 0..100. */
    record Word(String text, double confidence, int left, int top, int right, int bottom) {
    }

    /** Words on one line: a line as Tesseract found it, or part of one. */
    record Piece(int block, int paragraph, List<Word> words) {

        int left() {
            return words.stream().mapToInt(Word::left).min().orElse(0);
        }

        int top() {
            return words.stream().mapToInt(Word::top).min().orElse(0);
        }

        int right() {
            return words.stream().mapToInt(Word::right).max().orElse(0);
        }

        int bottom() {
            return words.stream().mapToInt(Word::bottom).max().orElse(0);
        }

        int height() {
            return bottom() - top();
        }

        double confidence() {
            return words.stream().mapToDouble(word -> Math.max(0, word.confidence())).average().orElse(0);
        }

        String text() {
            return String.join(" ", words.stream().map(Word::text).toList());
        }
    }

    /** The words a side of a gutter averages per line, at least, to be read as a column of prose. */
    private static final double PROSE_WORDS = 4;
    /** Rows with text on both sides that a gutter must run down. */
    private static final int GUTTER_ROWS = 3;

    private ReadingOrder() {
    }

    /**
     * Tesseract's lines, split where a wide gap parts their words, joined again into lines in reading order; each
     * line's block and paragraph are its first piece's.
     */
    static List<Piece> lines(List<Piece> tesseractLines) {
        List<Piece> lines = new ArrayList<>();
        read(rows(tesseractLines), lines);
        return lines;
    }

    /** Rows top to bottom, each a list of pieces left to right. */
    static List<List<Piece>> rows(List<Piece> tesseractLines) {
        List<Piece> sorted = new ArrayList<>(tesseractLines);
        sorted.sort(Comparator.comparingInt((Piece piece) -> piece.top() + piece.bottom()));
        List<List<Piece>> rows = new ArrayList<>();
        for (Piece line : sorted) {
            List<Piece> row = rowOf(line, rows);
            if (row == null) {
                row = new ArrayList<>();
                rows.add(row);
            }
            row.addAll(split(line));
        }
        rows.sort(Comparator.comparingInt(row -> row.stream().mapToInt(Piece::top).min().orElse(0)));
        rows.forEach(row -> row.sort(Comparator.comparingInt(Piece::left)));
        return rows;
    }

    /** The row {@code piece} belongs on: one with a piece of another block whose height overlaps it by half. */
    private static List<Piece> rowOf(Piece piece, List<List<Piece>> rows) {
        for (int i = rows.size() - 1; i >= 0 && i >= rows.size() - 8; i--) {
            List<Piece> row = rows.get(i);
            boolean sameBlock = row.stream().anyMatch(other -> other.block() == piece.block());
            if (!sameBlock && row.stream().anyMatch(other -> overlapsByHalf(piece, other))) {
                return row;
            }
        }
        return null;
    }

    /**
     * The line in pieces, cut where the space between two words is wider than the line is high: the cells of a
     * table row, or two columns' lines that Tesseract read as one. Words of prose stand a third of that apart.
     */
    static List<Piece> split(Piece line) {
        List<Piece> pieces = new ArrayList<>();
        List<Word> words = line.words();
        int height = Math.max(1, line.height());
        int start = 0;
        int right = words.isEmpty() ? 0 : words.get(0).right();
        for (int i = 1; i <= words.size(); i++) {
            // measured from the furthest right the piece reaches: a wide word before a narrow one counts
            if (i == words.size() || words.get(i).left() - right > height) {
                pieces.add(new Piece(line.block(), line.paragraph(), List.copyOf(words.subList(start, i))));
                start = i;
            }
            if (i < words.size()) {
                right = i == start ? words.get(i).right() : Math.max(right, words.get(i).right());
            }
        }
        return pieces;
    }

    private static boolean overlapsByHalf(Piece a, Piece b) {
        int overlap = Math.min(a.bottom(), b.bottom()) - Math.max(a.top(), b.top());
        return overlap * 2 >= Math.min(a.height(), b.height());
    }

    /** Reads {@code rows} into {@code lines}: a stretch of rows split by a prose gutter column by column. */
    private static void read(List<List<Piece>> rows, List<Piece> lines) {
        int start = 0;
        while (start < rows.size()) {
            Gutter gutter = gutterFrom(rows, start);
            if (gutter == null) {
                lines.add(joined(rows.get(start)));
                start++;
                continue;
            }
            List<List<Piece>> left = new ArrayList<>();
            List<List<Piece>> right = new ArrayList<>();
            for (int i = gutter.firstRow(); i <= gutter.lastRow(); i++) {
                List<Piece> before = rows.get(i).stream().filter(piece -> piece.right() <= gutter.left()).toList();
                List<Piece> after = rows.get(i).stream().filter(piece -> piece.left() >= gutter.right()).toList();
                if (!before.isEmpty()) {
                    left.add(before);
                }
                if (!after.isEmpty()) {
                    right.add(after);
                }
            }
            // each column may be split again, as a three-column page is
            read(left, lines);
            read(right, lines);
            start = gutter.lastRow() + 1;
        }
    }

    private record Gutter(int left, int right, int firstRow, int lastRow) {
    }

    /**
     * The prose gutter that starts at row {@code start}: a gap between two of its pieces that stays free of text
     * down the following rows. Null when there is none.
     */
    private static Gutter gutterFrom(List<List<Piece>> rows, int start) {
        List<Piece> first = rows.get(start);
        int minimum = Math.max(1, first.stream().mapToInt(Piece::height).max().orElse(1));
        for (int k = 0; k + 1 < first.size(); k++) {
            int left = first.get(k).right();
            int right = first.get(k + 1).left();
            if (right - left < minimum) {
                continue;
            }
            int last = start;
            while (last + 1 < rows.size() && !crosses(rows.get(last + 1), left, right)) {
                last++;
                // the gap narrows to where the rows below leave it free
                for (Piece piece : rows.get(last)) {
                    if (piece.right() <= right && piece.right() > left) {
                        left = piece.right();
                    }
                    if (piece.left() >= left && piece.left() < right) {
                        right = piece.left();
                    }
                }
                if (right - left < minimum) {
                    last--;
                    break;
                }
            }
            Gutter gutter = new Gutter(left, right, start, last);
            if (isProseGutter(rows, gutter)) {
                return gutter;
            }
        }
        return null;
    }

    /** Whether a piece of {@code row} spans the whole gap; one that reaches into it only narrows it. */
    private static boolean crosses(List<Piece> row, int left, int right) {
        return row.stream().anyMatch(piece -> piece.left() <= left && piece.right() >= right);
    }

    private static boolean isProseGutter(List<List<Piece>> rows, Gutter gutter) {
        int both = 0;
        int leftLines = 0;
        int leftWords = 0;
        int rightLines = 0;
        int rightWords = 0;
        for (int i = gutter.firstRow(); i <= gutter.lastRow(); i++) {
            boolean hasLeft = false;
            boolean hasRight = false;
            for (Piece piece : rows.get(i)) {
                if (piece.right() <= gutter.left()) {
                    hasLeft = true;
                    leftLines++;
                    leftWords += piece.words().size();
                } else if (piece.left() >= gutter.right()) {
                    hasRight = true;
                    rightLines++;
                    rightWords += piece.words().size();
                }
            }
            if (hasLeft && hasRight) {
                both++;
            }
        }
        return both >= GUTTER_ROWS && leftWords >= PROSE_WORDS * leftLines && rightWords >= PROSE_WORDS * rightLines;
    }

    /** A row's pieces as one line, words left to right. */
    private static Piece joined(List<Piece> row) {
        if (row.size() == 1) {
            return row.get(0);
        }
        List<Word> words = new ArrayList<>();
        row.forEach(piece -> words.addAll(piece.words()));
        return new Piece(row.get(0).block(), row.get(0).paragraph(), words);
    }
}
