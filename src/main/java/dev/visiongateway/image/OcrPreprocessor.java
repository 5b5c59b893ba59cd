package dev.visiongateway.image;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * Prepares an image for text recognition, as the router's documentation advises for OCR (high contrast and
 * resolution): grayscale, contrast stretched between the 1st and 99th luma percentiles, and small images
 * upscaled so that text is tall enough to read.
 */
public final class OcrPreprocessor {

    /** Long side small images are brought up to; glyphs then usually exceed the ~20 px OCR engines like. */
    static final int MIN_LONG_SIDE = 1600;

    private OcrPreprocessor() {
    }

    /** For a vision model: upscaled to {@value #MIN_LONG_SIDE} px whatever it takes, within {@code maxSide}. */
    public static BufferedImage prepare(BufferedImage source, int maxSide) {
        return prepare(source, maxSide, Double.POSITIVE_INFINITY);
    }

    /** The same, enlarged at most {@code maxUpscale} times. */
    public static BufferedImage prepare(BufferedImage source, int maxSide, double maxUpscale) {
        BufferedImage gray = grayscale(source);
        stretchContrast(gray);
        return enlargedForOcr(gray, maxSide, maxUpscale);
    }

    /**
     * For Tesseract, before it is enlarged ({@link #enlargedForOcr}): grayscale, contrast stretched, and light text
     * on dark grounds turned dark on light ({@link DarkGrounds}), at the image's own size: the grounds are
     * told from strokes where the strokes of text are a few pixels wide (enlarged four times, a 30 px letter's stem
     * outlasted the opening and its bowl was taken for a ground).
     */
    public static BufferedImage darkOnLight(BufferedImage source) {
        BufferedImage gray = grayscale(source);
        stretchContrast(gray);
        // its masks cost some 5 bytes a pixel: a larger page (a scan, rarely on dark grounds) is read as it is
        if ((long) gray.getWidth() * gray.getHeight() <= DarkGrounds.MAX_INVERTED_PIXELS) {
            DarkGrounds.invert(gray);
        }
        return gray;
    }

    /** A grayscale image brought up to {@value #MIN_LONG_SIDE} px, within {@code maxSide} and {@code maxUpscale}. */
    public static BufferedImage enlargedForOcr(BufferedImage gray, int maxSide, double maxUpscale) {
        return enlarged(gray, MIN_LONG_SIDE / (double) Math.max(gray.getWidth(), gray.getHeight()), maxSide,
                maxUpscale);
    }

    /** A grayscale image enlarged {@code scale} times (as it is, if that is not above 1). */
    public static BufferedImage enlarged(BufferedImage gray, double scale) {
        return scale <= 1.0 ? gray : scaled(gray, scale);
    }

    private static BufferedImage enlarged(BufferedImage gray, double wanted, int maxSide, double maxUpscale) {
        int longSide = Math.max(gray.getWidth(), gray.getHeight());
        double scale = Math.min(Math.min(wanted, maxSide / (double) longSide), maxUpscale);
        if (scale <= 1.0) {
            return gray;
        }
        return scaled(gray, scale);
    }

    private static BufferedImage grayscale(BufferedImage source) {
        BufferedImage gray = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        var graphics = gray.createGraphics();
        // transparent areas become white paper, not black
        graphics.setColor(java.awt.Color.WHITE);
        graphics.fillRect(0, 0, gray.getWidth(), gray.getHeight());
        graphics.drawImage(source, 0, 0, null);
        graphics.dispose();
        return gray;
    }

    private static void stretchContrast(BufferedImage gray) {
        WritableRaster raster = gray.getRaster();
        int[] histogram = new int[256];
        int[] row = new int[gray.getWidth()];
        for (int y = 0; y < gray.getHeight(); y++) {
            raster.getSamples(0, y, gray.getWidth(), 1, 0, row);
            for (int value : row) {
                histogram[value]++;
            }
        }
        long total = (long) gray.getWidth() * gray.getHeight();
        int low = percentile(histogram, total / 100);
        int high = 255 - percentile(reversed(histogram), total / 100);
        if (high - low < 8 || (low == 0 && high == 255)) {
            return;
        }
        int[] lookup = new int[256];
        for (int i = 0; i < 256; i++) {
            lookup[i] = Math.max(0, Math.min(255, (i - low) * 255 / (high - low)));
        }
        for (int y = 0; y < gray.getHeight(); y++) {
            raster.getSamples(0, y, gray.getWidth(), 1, 0, row);
            for (int x = 0; x < row.length; x++) {
                row[x] = lookup[row[x]];
            }
            raster.setSamples(0, y, gray.getWidth(), 1, 0, row);
        }
    }

    private static int percentile(int[] histogram, long count) {
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen > count) {
                return i;
            }
        }
        return histogram.length - 1;
    }

    private static int[] reversed(int[] histogram) {
        int[] reversed = new int[histogram.length];
        for (int i = 0; i < histogram.length; i++) {
            reversed[i] = histogram[histogram.length - 1 - i];
        }
        return reversed;
    }

    private static BufferedImage scaled(BufferedImage gray, double scale) {
        int width = (int) Math.round(gray.getWidth() * scale);
        int height = (int) Math.round(gray.getHeight() * scale);
        BufferedImage larger = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var graphics = larger.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        graphics.drawImage(gray, 0, 0, width, height, null);
        graphics.dispose();
        return larger;
    }
}
