package dev.visiongateway.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * How one image differs from the first of a compare request: perceptual hash distances, SSIM and the regions
 * that differ, all measured on a common downscale ({@value #COMMON_SIDE} px on the long side, in the first
 * image's aspect); regions are reported in the first image's pixels.
 */
record ImageComparison(Summary first, Summary other, double similarity, double ssim, int perceptualDistance,
        int differenceDistance, double differingShare, List<OcrText.Box> regions) {

    static final int COMMON_SIDE = 256;
    /** Regions are found in cells of this many common-downscale pixels. */
    static final int CELL = 8;
    /** A pixel differs when a colour channel moved by more than this (0..255); JPEG noise stays well below. */
    static final int PIXEL_THRESHOLD = 40;
    static final int MAX_REGIONS = 8;

    /** What the text says about each image on its own. */
    record Summary(int number, String format, int width, int height, List<ColourNames.Share> colours,
            double brightness) {
    }

    /** The first image, measured once for all comparisons. */
    record Reference(Summary summary, RgbGrid common, long perceptualHash, long differenceHash) {
    }

    static Reference reference(LocalImage first) {
        RgbGrid common = RgbGrid.fit(first.pixels(), COMMON_SIDE);
        return new Reference(summary(first, common), common, PerceptualHash.dct(first.pixels()),
                PerceptualHash.difference(first.pixels()));
    }

    static ImageComparison of(Reference reference, LocalImage other) {
        RgbGrid a = reference.common();
        RgbGrid b = RgbGrid.of(other.pixels(), a.width(), a.height());
        int perceptual = PerceptualHash.distance(reference.perceptualHash(), PerceptualHash.dct(other.pixels()));
        int difference = PerceptualHash.distance(reference.differenceHash(), PerceptualHash.difference(other.pixels()));
        double ssim = Ssim.mean(a.luma(), b.luma(), a.width(), a.height());
        double similarity = 0.5 * Math.max(0, ssim) + 0.5 * Math.max(0, 1 - perceptual / 32.0);
        boolean[] changed = changedPixels(a, b);
        int count = 0;
        for (boolean pixel : changed) {
            count += pixel ? 1 : 0;
        }
        Summary first = reference.summary();
        return new ImageComparison(first, summary(other, RgbGrid.fit(other.pixels(), COMMON_SIDE)), similarity, ssim,
                perceptual, difference, count / (double) changed.length,
                regions(changed, a.width(), a.height(), first.width() / (double) a.width(),
                        first.height() / (double) a.height()));
    }

    private static Summary summary(LocalImage image, RgbGrid grid) {
        return new Summary(image.number(), image.format().label(), image.width(), image.height(),
                ColourNames.dominant(grid.rgb(), 0.05, 3), Luma.mean(grid.luma()) / 255);
    }

    private static boolean[] changedPixels(RgbGrid a, RgbGrid b) {
        boolean[] changed = new boolean[a.rgb().length];
        for (int i = 0; i < changed.length; i++) {
            int p = a.rgb()[i];
            int q = b.rgb()[i];
            int delta = Math.max(Math.abs((p >> 16 & 0xFF) - (q >> 16 & 0xFF)),
                    Math.max(Math.abs((p >> 8 & 0xFF) - (q >> 8 & 0xFF)), Math.abs((p & 0xFF) - (q & 0xFF))));
            changed[i] = delta > PIXEL_THRESHOLD;
        }
        return changed;
    }

    /**
     * Cells holding at least two changed pixels, joined with their 8 neighbours into regions; each region's box
     * is the tight box of its changed pixels plus one pixel, scaled to the first image.
     */
    private static List<OcrText.Box> regions(boolean[] changed, int width, int height, double scaleX, double scaleY) {
        int columns = (width + CELL - 1) / CELL;
        int rows = (height + CELL - 1) / CELL;
        int[] counts = new int[columns * rows];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                counts[(y / CELL) * columns + x / CELL] += changed[y * width + x] ? 1 : 0;
            }
        }
        boolean[] seen = new boolean[counts.length];
        List<OcrText.Box> boxes = new ArrayList<>();
        for (int start = 0; start < counts.length; start++) {
            if (seen[start] || counts[start] < 2) {
                continue;
            }
            int[] bounds = { Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1 };
            Deque<Integer> queue = new ArrayDeque<>(List.of(start));
            seen[start] = true;
            while (!queue.isEmpty()) {
                int cell = queue.poll();
                extend(bounds, changed, width, height, cell % columns, cell / columns);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int cx = cell % columns + dx;
                        int cy = cell / columns + dy;
                        int next = cy * columns + cx;
                        if (cx >= 0 && cy >= 0 && cx < columns && cy < rows && !seen[next] && counts[next] >= 2) {
                            seen[next] = true;
                            queue.add(next);
                        }
                    }
                }
            }
            int x0 = (int) Math.floor(Math.max(0, bounds[0] - 1) * scaleX);
            int y0 = (int) Math.floor(Math.max(0, bounds[1] - 1) * scaleY);
            int x1 = (int) Math.ceil(Math.min(width, bounds[2] + 2) * scaleX);
            int y1 = (int) Math.ceil(Math.min(height, bounds[3] + 2) * scaleY);
            boxes.add(new OcrText.Box(x0, y0, x1 - x0, y1 - y0));
        }
        return boxes.stream().sorted(Comparator.comparingLong(OcrText.Box::area).reversed()).limit(MAX_REGIONS)
                .toList();
    }

    /** Grows {@code bounds} (x0, y0, x1, y1) to the changed pixels of one cell. */
    private static void extend(int[] bounds, boolean[] changed, int width, int height, int column, int row) {
        for (int y = row * CELL; y < Math.min(height, (row + 1) * CELL); y++) {
            for (int x = column * CELL; x < Math.min(width, (column + 1) * CELL); x++) {
                if (changed[y * width + x]) {
                    bounds[0] = Math.min(bounds[0], x);
                    bounds[1] = Math.min(bounds[1], y);
                    bounds[2] = Math.max(bounds[2], x);
                    bounds[3] = Math.max(bounds[3], y);
                }
            }
        }
    }
}
