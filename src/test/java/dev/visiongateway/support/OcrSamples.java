package dev.visiongateway.support;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The OCR test set: known text in three font families and four sizes, each image rotated by 1 or 2 degrees
 * (either way) and overlaid with Gaussian noise. The character error rate is the Levenshtein distance between
 * what was read and what was drawn, over the length of what was drawn, with runs of whitespace taken as one space.
 */
public final class OcrSamples {

    public record Sample(String name, String text, TextImages.Drawn drawn) {
    }

    private static final List<List<String>> TEXTS = List.of(
            List.of("The quick brown fox jumps over the lazy dog.", "Pack my box with five dozen liquor jugs!"),
            List.of("Invoice 2024-117: total due EUR 1,284.50", "Payable by 15 March to account 4021."),
            List.of("Sphinx of black quartz, judge my vow.", "How vexingly quick daft zebras jump (42 times)."),
            List.of("Meeting notes: budget review at 10:30,", "room B12, bring the Q3 figures and slides."));
    private static final List<String> FONTS = List.of("Serif", "SansSerif", "Monospaced");
    private static final int[] SIZES = { 11, 14, 20, 30 };
    private static final double[] ROTATIONS = { 1, -1.5, 2, -2 };
    public static final double NOISE = 24;

    private OcrSamples() {
    }

    public static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        for (int f = 0; f < FONTS.size(); f++) {
            for (int s = 0; s < SIZES.length; s++) {
                List<String> lines = TEXTS.get((f + s) % TEXTS.size());
                double degrees = ROTATIONS[(f + s) % ROTATIONS.length];
                samples.add(new Sample(FONTS.get(f) + " " + SIZES[s] + "px " + degrees + "deg",
                        String.join("\n", lines), TextImages.draw(lines, FONTS.get(f), SIZES[s], degrees, NOISE)));
            }
        }
        samples.add(page());
        return samples;
    }

    /** A page of three paragraphs, for paragraph layout and a realistic time per image. */
    public static Sample page() {
        List<String> lines = List.of(
                "Offline engines matter when the network is gone. This page",
                "was drawn by the test itself, so every word is known.",
                "",
                "The second paragraph follows an empty line. Tesseract numbers",
                "blocks and paragraphs, and the gateway keeps them apart",
                "in the text and markdown formats.",
                "",
                "Totals: 17 items, 3 returns, 2 open orders (as of 09/11).");
        String text = String.join("\n", lines.stream().filter(line -> !line.isEmpty()).toList());
        return new Sample("page SansSerif 16px 1.0deg", text, TextImages.draw(lines, "SansSerif", 16, 1, NOISE));
    }

    public static double characterErrorRate(String read, String expected) {
        String a = normalized(read);
        String b = normalized(expected);
        return LevenshteinDistance.getDefaultInstance().apply(a, b) / (double) b.length();
    }

    private static String normalized(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
