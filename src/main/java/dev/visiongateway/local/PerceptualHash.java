package dev.visiongateway.local;

import java.awt.image.BufferedImage;

/**
 * 64-bit perceptual hashes: the difference hash (dHash: is each pixel of a 9x8 thumbnail darker than its right
 * neighbour) and the DCT hash (pHash: which of the 8x8 lowest frequencies of a 32x32 thumbnail lie above their
 * median). Similar images have hashes a few bits apart; unrelated ones about 32 of 64.
 */
final class PerceptualHash {

    private static final int DCT_SIZE = 32;
    private static final int LOW = 8;

    private PerceptualHash() {
    }

    static long difference(BufferedImage image) {
        float[] luma = RgbGrid.of(image, 9, 8).luma();
        long hash = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                hash = hash << 1 | (luma[y * 9 + x] < luma[y * 9 + x + 1] ? 1 : 0);
            }
        }
        return hash;
    }

    static long dct(BufferedImage image) {
        float[] luma = RgbGrid.of(image, DCT_SIZE, DCT_SIZE).luma();
        double[] coefficients = new double[LOW * LOW];
        for (int v = 0; v < LOW; v++) {
            for (int u = 0; u < LOW; u++) {
                double sum = 0;
                for (int y = 0; y < DCT_SIZE; y++) {
                    double cosY = Math.cos((2 * y + 1) * v * Math.PI / (2 * DCT_SIZE));
                    for (int x = 0; x < DCT_SIZE; x++) {
                        sum += luma[y * DCT_SIZE + x] * Math.cos((2 * x + 1) * u * Math.PI / (2 * DCT_SIZE)) * cosY;
                    }
                }
                coefficients[v * LOW + u] = sum;
            }
        }
        // the DC term (overall brightness) stays out of the median
        double[] sorted = java.util.Arrays.copyOfRange(coefficients, 1, coefficients.length);
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        long hash = 0;
        for (double coefficient : coefficients) {
            hash = hash << 1 | (coefficient > median ? 1 : 0);
        }
        return hash;
    }

    static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }
}
