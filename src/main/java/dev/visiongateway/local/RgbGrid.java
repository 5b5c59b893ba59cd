package dev.visiongateway.local;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * An image resampled to a small analysis size, as packed RGB (transparency composed over white). Shrinking
 * averages every source pixel into its cell (area averaging), so that noise and fine detail are weighed fairly.
 */
record RgbGrid(int width, int height, int[] rgb) {

    /** The image with its long side brought down to at most {@code longSide} (never enlarged). */
    static RgbGrid fit(BufferedImage image, int longSide) {
        double scale = Math.min(1.0, longSide / (double) Math.max(image.getWidth(), image.getHeight()));
        return of(image, Math.max(1, (int) Math.round(image.getWidth() * scale)),
                Math.max(1, (int) Math.round(image.getHeight() * scale)));
    }

    /** The image at exactly {@code width x height}, stretched if the aspect differs. */
    static RgbGrid of(BufferedImage image, int width, int height) {
        if (width > image.getWidth() || height > image.getHeight()) {
            return drawn(image, width, height);
        }
        int sourceWidth = image.getWidth();
        double[] sums = new double[width * height * 3];
        int[] counts = new int[width * height];
        int[] row = new int[sourceWidth];
        int[] column = new int[sourceWidth];
        for (int x = 0; x < sourceWidth; x++) {
            column[x] = (int) ((long) x * width / sourceWidth);
        }
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, sourceWidth, 1, row, 0, sourceWidth);
            int base = (int) ((long) y * height / image.getHeight()) * width;
            for (int x = 0; x < sourceWidth; x++) {
                int cell = base + column[x];
                int argb = row[x];
                double alpha = (argb >>> 24) / 255.0;
                sums[cell * 3] += over(argb >> 16 & 0xFF, alpha);
                sums[cell * 3 + 1] += over(argb >> 8 & 0xFF, alpha);
                sums[cell * 3 + 2] += over(argb & 0xFF, alpha);
                counts[cell]++;
            }
        }
        int[] rgb = new int[width * height];
        for (int i = 0; i < rgb.length; i++) {
            int n = Math.max(1, counts[i]);
            rgb[i] = channel(sums[i * 3] / n) << 16 | channel(sums[i * 3 + 1] / n) << 8 | channel(sums[i * 3 + 2] / n);
        }
        return new RgbGrid(width, height, rgb);
    }

    /** Rec. 601 luma of every pixel, 0..255. */
    float[] luma() {
        float[] luma = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            luma[i] = luma(rgb[i]);
        }
        return luma;
    }

    static float luma(int rgb) {
        return 0.299f * (rgb >> 16 & 0xFF) + 0.587f * (rgb >> 8 & 0xFF) + 0.114f * (rgb & 0xFF);
    }

    private static double over(int value, double alpha) {
        return value * alpha + 255 * (1 - alpha);
    }

    private static int channel(double value) {
        return Math.max(0, Math.min(255, (int) Math.round(value)));
    }

    /** Enlarging (tiny images) needs no averaging: bilinear drawing over white will do. */
    private static RgbGrid drawn(BufferedImage image, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = target.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, width, height, null);
        graphics.dispose();
        return new RgbGrid(width, height, target.getRGB(0, 0, width, height, null, 0, width));
    }
}
