package dev.visiongateway.local;

/**
 * Structural similarity (Wang et al. 2004) of two luma planes of the same size: mean SSIM over 8x8 windows
 * moved 4 pixels at a time; 1 for identical planes, near 0 for unrelated ones.
 */
final class Ssim {

    private static final int WINDOW = 8;
    private static final int STEP = 4;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private Ssim() {
    }

    static double mean(float[] a, float[] b, int width, int height) {
        int window = Math.min(WINDOW, Math.min(width, height));
        double total = 0;
        int windows = 0;
        for (int top = 0; top + window <= height; top += STEP) {
            for (int left = 0; left + window <= width; left += STEP) {
                total += window(a, b, width, left, top, window);
                windows++;
            }
        }
        return windows == 0 ? 1 : total / windows;
    }

    private static double window(float[] a, float[] b, int width, int left, int top, int size) {
        double sumA = 0;
        double sumB = 0;
        double sumAA = 0;
        double sumBB = 0;
        double sumAB = 0;
        for (int y = top; y < top + size; y++) {
            for (int x = left; x < left + size; x++) {
                double p = a[y * width + x];
                double q = b[y * width + x];
                sumA += p;
                sumB += q;
                sumAA += p * p;
                sumBB += q * q;
                sumAB += p * q;
            }
        }
        int n = size * size;
        double meanA = sumA / n;
        double meanB = sumB / n;
        double varianceA = sumAA / n - meanA * meanA;
        double varianceB = sumBB / n - meanB * meanB;
        double covariance = sumAB / n - meanA * meanB;
        return ((2 * meanA * meanB + C1) * (2 * covariance + C2))
                / ((meanA * meanA + meanB * meanB + C1) * (varianceA + varianceB + C2));
    }
}
