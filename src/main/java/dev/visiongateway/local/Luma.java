package dev.visiongateway.local;

/** Statistics of a luma plane (0..255): brightness, contrast and sharpness. */
final class Luma {

    private Luma() {
    }

    static double mean(float[] luma) {
        double sum = 0;
        for (float value : luma) {
            sum += value;
        }
        return sum / luma.length;
    }

    static double standardDeviation(float[] luma) {
        double mean = mean(luma);
        double squares = 0;
        for (float value : luma) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / luma.length);
    }

    /**
     * Variance of the 4-neighbour Laplacian: high where edges are crisp, low where they are smeared. Only
     * comparable between images measured at the same scale, which is why the engine measures at a fixed size.
     */
    static double laplacianVariance(float[] luma, int width, int height) {
        if (width < 3 || height < 3) {
            return 0;
        }
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                double laplacian = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i];
                sum += laplacian;
                squares += laplacian * laplacian;
                n++;
            }
        }
        double mean = sum / n;
        return squares / n - mean * mean;
    }
}
