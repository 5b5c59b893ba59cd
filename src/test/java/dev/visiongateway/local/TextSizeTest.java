package dev.visiongateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** When a page is read a second time, larger: by the median height of the lines read with some confidence. */
class TextSizeTest {

    private static OcrText.Line line(String text, double confidence, int height) {
        return new OcrText.Line(1, 1, text, confidence, new OcrText.Box(0, 0, 100, height));
    }

    private static OcrText text(OcrText.Line... lines) {
        return new OcrText("eng", List.of(lines));
    }

    @Test
    void lowLinesAreEnlargedToTheTargetHeight() {
        // boxes in original pixels, 16 px; the OCR input is 1.25 times larger: 20 px lines
        OcrText small = text(line("Display name", 0.9, 16), line("Language", 0.9, 16), line("Time zone", 0.9, 18));
        assertThat(TextSize.enlargement(small, 1.25)).hasValueCloseTo(TextSize.TARGET_LINE_HEIGHT / 20, within(1e-9));
    }

    @Test
    void linesTallEnoughAreReadOnce() {
        OcrText tall = text(line("Region Q1 Q2", 0.9, 20), line("North 14,336", 0.9, 20));
        assertThat(TextSize.enlargement(tall, 1.45)).isEmpty();
        assertThat(TextSize.enlargement(tall, 1.0)).hasValueCloseTo(TextSize.TARGET_LINE_HEIGHT / 20, within(1e-9));
    }

    @Test
    void specksAndDoubtfulLinesDoNotCount() {
        OcrText photo = text(line("a", 0.9, 5), line("~~", 0.2, 6), line("Harbour", 0.9, 30));
        assertThat(TextSize.enlargement(photo, 1.0)).isEmpty();
        assertThat(TextSize.enlargement(text(line("i", 0.9, 5), line("--", 0.1, 5)), 1.0)).isEmpty();
        assertThat(TextSize.enlargement(text(), 1.0)).isEmpty();
    }

    @Test
    void confidenceWeighsLinesByTheirCharacters() {
        assertThat(TextSize.confidence(text(line("abcdefghij", 0.9, 20), line("xy", 0.3, 20))))
                .isCloseTo((0.9 * 10 + 0.3 * 2) / 12, within(1e-9));
        assertThat(TextSize.confidence(text())).isZero();
    }
}
