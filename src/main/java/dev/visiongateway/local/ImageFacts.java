package dev.visiongateway.local;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What can be measured about one image: format and size, named dominant colours, brightness (mean luma) and
 * contrast (luma standard deviation) as shares of full scale, sharpness (variance of the Laplacian at
 * {@value #SHARPNESS_SIDE} px), a guess of what kind of image it is, and the text OCR found in it.
 */
record ImageFacts(int number, String format, int width, int height, String orientation,
        List<ColourNames.Share> colours, double brightness, double contrast, double sharpness, String sharpnessVerdict,
        Kind kind, Text text) {

    /** Long side at which sharpness is measured, so that images of any size compare. */
    static final int SHARPNESS_SIDE = 512;
    /** Long side at which colours and flat areas are counted. */
    static final int COLOUR_SIDE = 256;

    /** {@code document}, {@code screenshot}, {@code graphic} or {@code photo}, and the measurements behind it. */
    record Kind(String name, double flatShare, double lightShare, double colourfulShare, int distinctColours) {
    }

    /** The legible text OCR found ({@code read} false when OCR did not run), and the share of the image it covers. */
    record Text(boolean read, String legible, double coverage) {

        static final Text NOT_READ = new Text(false, "", 0);
    }

    static ImageFacts measure(LocalImage image, OcrText ocr) {
        RgbGrid colourGrid = RgbGrid.fit(image.pixels(), COLOUR_SIDE);
        RgbGrid detailGrid = RgbGrid.fit(image.pixels(), SHARPNESS_SIDE);
        float[] luma = detailGrid.luma();
        double contrast = Luma.standardDeviation(luma) / 255;
        double sharpness = Luma.laplacianVariance(luma, detailGrid.width(), detailGrid.height());
        Text text = ocr == null ? Text.NOT_READ : text(ocr, image);
        return new ImageFacts(image.number(), image.format().label(), image.width(), image.height(),
                image.orientation(), ColourNames.dominant(colourGrid.rgb(), 0.05, 4), Luma.mean(luma) / 255, contrast,
                sharpness, sharpnessVerdict(sharpness, contrast), kind(colourGrid, text), text);
    }

    /** Thresholds measured on text, photo and blurred samples at {@value #SHARPNESS_SIDE} px. */
    static String sharpnessVerdict(double laplacianVariance, double contrast) {
        if (contrast < 0.02) {
            return "uniform";
        }
        return laplacianVariance < 60 ? "blurry" : laplacianVariance < 250 ? "slightly soft" : "sharp";
    }

    private static Text text(OcrText ocr, LocalImage image) {
        StringBuilder legible = new StringBuilder();
        long area = 0;
        for (OcrText.Line line : ocr.lines()) {
            if (line.confidence() >= 0.6 && line.text().chars().filter(Character::isLetterOrDigit).count() >= 2) {
                legible.append(legible.isEmpty() ? "" : "\n").append(line.text());
                area += line.box().area();
            }
        }
        return new Text(true, legible.toString(), Math.min(1, area / ((double) image.width() * image.height())));
    }

    /**
     * Documents: text on a light, colourless page. Screenshots and graphics: large areas of exactly one colour
     * (rendered, not photographed) in few distinct shades; screenshots also carry text. Photos: the rest.
     */
    private static Kind kind(RgbGrid grid, Text text) {
        int[] rgb = grid.rgb();
        int flat = 0;
        int pairs = 0;
        int light = 0;
        int colourful = 0;
        Set<Integer> distinct = new HashSet<>();
        for (int y = 0; y < grid.height(); y++) {
            for (int x = 0; x < grid.width(); x++) {
                int pixel = rgb[y * grid.width() + x];
                distinct.add((pixel >> 19 & 0x1F) << 10 | (pixel >> 11 & 0x1F) << 5 | pixel >> 3 & 0x1F);
                double saturation = ColourNames.saturation(pixel);
                light += RgbGrid.luma(pixel) > 200 && saturation < 0.15 ? 1 : 0;
                colourful += saturation > 0.4 ? 1 : 0;
                if (x + 1 < grid.width()) {
                    pairs++;
                    flat += pixel == rgb[y * grid.width() + x + 1] ? 1 : 0;
                }
            }
        }
        double flatShare = pairs == 0 ? 1 : flat / (double) pairs;
        double lightShare = light / (double) rgb.length;
        double colourfulShare = colourful / (double) rgb.length;
        boolean rendered = flatShare >= 0.4 && distinct.size() < 2048;
        String name;
        if (text.coverage() >= 0.03 && lightShare >= 0.45 && colourfulShare < 0.05) {
            name = "document";
        } else if (rendered && text.coverage() >= 0.005) {
            name = "screenshot";
        } else if (rendered) {
            name = "graphic";
        } else {
            name = "photo";
        }
        return new Kind(name, flatShare, lightShare, colourfulShare, distinct.size());
    }
}
