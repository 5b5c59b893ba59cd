package dev.visiongateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The reading order built from word boxes (docs/ARCHITECTURE.md rule 21), on pages laid out by hand. */
class ReadingOrderTest {

    private static final int HEIGHT = 20;
    private static final int CHAR = 12;

    @Test
    void aReceiptsColumnsReadAsBlocksAreJoinedBackIntoItsRows() {
        // Tesseract's automatic layout: item numbers, products and prices as three blocks, one after the other
        List<ReadingOrder.Piece> pieces = new ArrayList<>();
        for (int row = 0; row < 5; row++) {
            pieces.add(piece(1, 40, row * 33, "Item", "00" + row));
        }
        for (int row = 0; row < 5; row++) {
            pieces.add(piece(2, 160, row * 33 + 1, "Coffee", "beans"));
        }
        for (int row = 0; row < 5; row++) {
            pieces.add(piece(3, 400, row * 33 - 1, row + ".07", "EUR"));
        }

        assertThat(texts(ReadingOrder.lines(pieces))).containsExactly("Item 000 Coffee beans 0.07 EUR",
                "Item 001 Coffee beans 1.07 EUR", "Item 002 Coffee beans 2.07 EUR", "Item 003 Coffee beans 3.07 EUR",
                "Item 004 Coffee beans 4.07 EUR");
    }

    @Test
    void aRowReadAsOneLineIsCutAtItsWideGapsAndKeptTogether() {
        ReadingOrder.Piece line = new ReadingOrder.Piece(1, 1, List.of(word("Total", 40, 0), word("42.00", 400, 0),
                word("EUR", 400 + 6 * CHAR, 0)));

        assertThat(ReadingOrder.split(line)).extracting(ReadingOrder.Piece::text).containsExactly("Total", "42.00 EUR");
        assertThat(texts(ReadingOrder.lines(List.of(line)))).containsExactly("Total 42.00 EUR");
    }

    @Test
    void aGapIsMeasuredFromTheFurthestRightAWordBeforeItReaches() {
        // a wide first word whose box reaches past a narrow second one: the third is no farther than a space
        ReadingOrder.Piece line = new ReadingOrder.Piece(1, 1, List.of(
                new ReadingOrder.Word("Wide", 90, 0, 0, 300, HEIGHT),
                new ReadingOrder.Word("a", 90, 100, 0, 120, HEIGHT),
                new ReadingOrder.Word("b", 90, 305, 0, 320, HEIGHT)));

        assertThat(ReadingOrder.split(line)).hasSize(1);
    }

    @Test
    void twoColumnsOfProseAreReadOneAfterTheOtherEvenWithTheirRowsAligned() {
        List<ReadingOrder.Piece> pieces = new ArrayList<>();
        pieces.add(piece(1, 40, 0, "Annual", "Report"));
        for (int row = 1; row <= 4; row++) {
            // one Tesseract line across both columns, as one block of text reads them
            List<ReadingOrder.Word> words = new ArrayList<>(words(40, row * 30, "left", "column", "line", "" + row));
            words.addAll(words(600, row * 30, "right", "column", "line", "" + row));
            pieces.add(new ReadingOrder.Piece(2, 1, words));
        }

        assertThat(texts(ReadingOrder.lines(pieces))).containsExactly("Annual Report", "left column line 1",
                "left column line 2", "left column line 3", "left column line 4", "right column line 1",
                "right column line 2", "right column line 3", "right column line 4");
    }

    @Test
    void aTableOfShortCellsIsReadRowByRowHoweverWideItsGaps() {
        List<ReadingOrder.Piece> pieces = new ArrayList<>();
        for (int row = 0; row < 5; row++) {
            List<ReadingOrder.Word> words = new ArrayList<>();
            words.add(word("Region" + row, 40, row * 30));
            for (int column = 1; column <= 3; column++) {
                words.add(word(row + "," + column + "00", 300 + 200 * column, row * 30));
            }
            pieces.add(new ReadingOrder.Piece(1, 1, words));
        }

        assertThat(texts(ReadingOrder.lines(pieces))).hasSize(5).first().isEqualTo("Region0 0,100 0,200 0,300");
    }

    @Test
    void linesOfOneBlockStayApartOnARotatedPageWhereTheirBoxesOverlap() {
        // rotated by a few degrees, each line's box is taller than the line spacing
        List<ReadingOrder.Piece> pieces = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            pieces.add(new ReadingOrder.Piece(1, 1, List.of(
                    new ReadingOrder.Word("start" + row, 90, 40, row * 30, 100, row * 30 + HEIGHT),
                    new ReadingOrder.Word("end" + row, 90, 110, row * 30 + 18, 170, row * 30 + 18 + HEIGHT))));
        }

        assertThat(texts(ReadingOrder.lines(pieces))).containsExactly("start0 end0", "start1 end1", "start2 end2");
    }

    private static ReadingOrder.Piece piece(int block, int left, int top, String... texts) {
        return new ReadingOrder.Piece(block, 1, words(left, top, texts));
    }

    private static List<ReadingOrder.Word> words(int left, int top, String... texts) {
        List<ReadingOrder.Word> words = new ArrayList<>();
        int x = left;
        for (String text : texts) {
            words.add(word(text, x, top));
            x += (text.length() + 1) * CHAR;
        }
        return words;
    }

    private static ReadingOrder.Word word(String text, int left, int top) {
        return new ReadingOrder.Word(text, 95, left, top, left + text.length() * CHAR, top + HEIGHT);
    }

    private static List<String> texts(List<ReadingOrder.Piece> lines) {
        return lines.stream().map(ReadingOrder.Piece::text).toList();
    }
}
