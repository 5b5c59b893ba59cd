package dev.visiongateway.local;

import java.util.OptionalDouble;

/**
 * How much larger an image should be read again, judged by the height of the lines Tesseract found in it. The
 * preprocessor enlarges by the image's size alone (small images to 1600 px), which leaves the small type of a wide
 * screenshot small; Tesseract reads best when capital letters are some 30 px tall (tessdoc, "Improving the quality
 * of the output": rescaling), and below about 20 px it confuses look-alike glyphs.
 */
final class TextSize {

    /** A line's box, ascenders and descenders included, when its capitals are some 30 px tall. */
    static final double TARGET_LINE_HEIGHT = 40;
    /**
     * Lines lower than this are read again, larger: a settings screen's 13 px type, enlarged to 19 px lines, read
     * "Off" as "off", "Only" as "only" and "Europe/London" as "EuropejLondon"; from 24 px lines up, all right.
     */
    static final double MIN_LINE_HEIGHT = 24;
    /** A second reading must enlarge at least this much to be worth its time. */
    static final double MIN_GAIN = 1.25;
    /** Lines that count: read with some confidence, and longer than a speck taken for a letter. */
    private static final double MIN_CONFIDENCE = 0.5;
    private static final int MIN_CHARACTERS = 2;

    private TextSize() {
    }

    /**
     * The factor to enlarge the OCR input by so that its median line is {@link #TARGET_LINE_HEIGHT} px high, when
     * its lines are lower than {@link #MIN_LINE_HEIGHT}; empty when they are tall enough, or none counts.
     *
     * @param ocrPixelsPerOriginal the OCR input's pixels per pixel of the original image, in which the lines' boxes
     *        are given
     */
    static OptionalDouble enlargement(OcrText text, double ocrPixelsPerOriginal) {
        double[] heights = text.lines().stream()
                .filter(line -> line.confidence() >= MIN_CONFIDENCE && line.text().strip().length() >= MIN_CHARACTERS)
                .mapToDouble(line -> line.box().height() * ocrPixelsPerOriginal).sorted().toArray();
        if (heights.length == 0) {
            return OptionalDouble.empty();
        }
        double median = heights[heights.length / 2];
        if (median >= MIN_LINE_HEIGHT) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(TARGET_LINE_HEIGHT / Math.max(1, median));
    }

    /** The mean confidence of what was read, each line weighted by its characters; 0 when nothing was. */
    static double confidence(OcrText text) {
        double weighted = 0;
        int characters = 0;
        for (OcrText.Line line : text.lines()) {
            weighted += line.confidence() * line.text().length();
            characters += line.text().length();
        }
        return characters == 0 ? 0 : weighted / characters;
    }
}
