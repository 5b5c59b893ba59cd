package dev.visiongateway.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/** Light text on dark grounds, found and turned dark on light for Tesseract ({@link OcrPreprocessor#darkOnLight}). */
final class DarkGrounds {

    /** Luma below which a pixel is dark, after the contrast stretch. */
    private static final int DARK = 110;
    /** Half the width of the widest stroke of text: dark areas that outlast an erosion by this are grounds. */
    private static final int STROKE = 5;
    private static final int CELL = 8;
    /** Smallest ground, in cells: a 160 x 36 px button is some 19 x 4 cells once eroded. */
    private static final int MIN_GROUND_CELLS = 12;
    /** The share of light pixels a ground holds when text sits on it. */
    private static final double MIN_TEXT_SHARE = 0.02;
    private static final double MAX_TEXT_SHARE = 0.5;
    /** Largest image whose dark grounds are inverted: 4096 x 2048, some 40 MB of masks at most. */
    static final long MAX_INVERTED_PIXELS = 4096L * 2048;

    private DarkGrounds() {
    }

    /**
     * Light text on a dark ground (a button, a table's header row, a dark theme) turned dark on light in place:
     * Tesseract reads only dark text, and skipped the white label of a blue button whole. A ground is a dark area
     * too wide to be strokes of text: what outlasts an opening (erosion, then dilation) by {@value #STROKE} px,
     * at least {@value #MIN_GROUND_CELLS} cells of {@value #CELL} px, with the light text it encloses. A ground whose
     * light share is that of text on it is inverted; dark text on light paper, even bold, is left alone.
     */
    static void invert(BufferedImage gray) {
        int width = gray.getWidth();
        int height = gray.getHeight();
        WritableRaster raster = gray.getRaster();
        boolean[] dark = new boolean[width * height];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                dark[y * width + x] = row[x] < DARK;
            }
        }
        boolean[] eroded = morphed(dark, width, height, true);
        int columns = (width + CELL - 1) / CELL;
        int rows = (height + CELL - 1) / CELL;
        boolean[] cells = new boolean[columns * rows];
        boolean any = false;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (eroded[y * width + x]) {
                    cells[(y / CELL) * columns + x / CELL] = true;
                    any = true;
                }
            }
        }
        if (!any) {
            return;
        }
        boolean[] opened = morphed(eroded, width, height, false);
        int[] labels = new int[cells.length];
        int[] queue = new int[cells.length];
        int label = 0;
        for (int start = 0; start < cells.length; start++) {
            if (!cells[start] || labels[start] != 0) {
                continue;
            }
            label++;
            int size = 0;
            int head = 0;
            int left = Integer.MAX_VALUE;
            int top = Integer.MAX_VALUE;
            int right = 0;
            int bottom = 0;
            queue[size++] = start;
            labels[start] = label;
            while (head < size) {
                int cell = queue[head++];
                int cx = cell % columns;
                int cy = cell / columns;
                left = Math.min(left, cx);
                right = Math.max(right, cx);
                top = Math.min(top, cy);
                bottom = Math.max(bottom, cy);
                for (int next : new int[] { cx > 0 ? cell - 1 : -1, cx + 1 < columns ? cell + 1 : -1,
                        cy > 0 ? cell - columns : -1, cy + 1 < rows ? cell + columns : -1 }) {
                    if (next >= 0 && cells[next] && labels[next] == 0) {
                        labels[next] = label;
                        queue[size++] = next;
                    }
                }
            }
            if (size >= MIN_GROUND_CELLS) {
                // the opening grew the ground back by STROKE px: the box must hold it whole
                Box box = new Box(Math.max(0, left * CELL - STROKE), Math.max(0, top * CELL - STROKE),
                        Math.min(width, (right + 1) * CELL + STROKE), Math.min(height, (bottom + 1) * CELL + STROKE));
                invertIfGround(raster, dark, new Ground(opened, labels, label, columns, width), box);
            }
        }
    }

    /** The pixels of one ground: opened, in a cell of its label or next to one (the opening's rim). */
    private record Ground(boolean[] opened, int[] labels, int label, int columns, int width) {

        boolean holds(int x, int y) {
            if (!opened[y * width + x]) {
                return false;
            }
            int cx = x / CELL;
            int cy = y / CELL;
            int rows = labels.length / columns;
            for (int ny = Math.max(0, cy - 1); ny <= Math.min(rows - 1, cy + 1); ny++) {
                for (int nx = Math.max(0, cx - 1); nx <= Math.min(columns - 1, cx + 1); nx++) {
                    if (labels[ny * columns + nx] == label) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private record Box(int left, int top, int right, int bottom) {
    }

    /**
     * Inverts the ground in the box, row by row from its first pixel to its last (the text it holds lies between),
     * when its light share is that of text: a dark picture has no such share. The ground's anti-aliased edge just
     * outside it is whitened, or it would read as a bracket.
     */
    private static void invertIfGround(WritableRaster raster, boolean[] dark, Ground ground, Box box) {
        int boxHeight = box.bottom() - box.top();
        int[] first = new int[boxHeight];
        int[] last = new int[boxHeight];
        long pixels = 0;
        long light = 0;
        for (int row = 0; row < boxHeight; row++) {
            int y = box.top() + row;
            first[row] = -1;
            for (int x = box.left(); x < box.right(); x++) {
                if (ground.holds(x, y)) {
                    first[row] = first[row] < 0 ? x : first[row];
                    last[row] = x;
                }
            }
            for (int x = first[row]; first[row] >= 0 && x <= last[row]; x++) {
                pixels++;
                light += dark[y * ground.width() + x] ? 0 : 1;
            }
        }
        double share = pixels == 0 ? 0 : light / (double) pixels;
        if (share < MIN_TEXT_SHARE || share > MAX_TEXT_SHARE) {
            return;
        }
        int boxWidth = box.right() - box.left();
        int[] samples = new int[boxWidth];
        for (int row = 0; row < boxHeight; row++) {
            int y = box.top() + row;
            raster.getSamples(box.left(), y, boxWidth, 1, 0, samples);
            for (int i = 0; i < boxWidth; i++) {
                int x = box.left() + i;
                if (first[row] >= 0 && x >= first[row] && x <= last[row]) {
                    samples[i] = 255 - samples[i];
                } else if (samples[i] >= DARK && !dark[y * ground.width() + x]) {
                    samples[i] = 255;
                }
            }
            raster.setSamples(box.left(), y, boxWidth, 1, 0, samples);
        }
    }

    /**
     * The mask eroded ({@code erode}: a pixel stays when the whole square of radius {@value #STROKE} around it is
     * in the mask) or dilated (it joins when any pixel of that square is), one direction at a time.
     */
    private static boolean[] morphed(boolean[] mask, int width, int height, boolean erode) {
        boolean[] across = new boolean[mask.length];
        for (int y = 0; y < height; y++) {
            slide(mask, across, y * width, 1, width, erode);
        }
        boolean[] both = new boolean[mask.length];
        for (int x = 0; x < width; x++) {
            slide(across, both, x, width, height, erode);
        }
        return both;
    }

    /** One line of {@link #morphed}: {@code count} pixels from {@code start}, {@code step} apart. */
    private static void slide(boolean[] in, boolean[] out, int start, int step, int count, boolean erode) {
        int inWindow = 0;
        int span = 2 * STROKE + 1;
        // the window around i is [i - STROKE, i + STROKE], clipped at the ends; counted as it slides
        for (int i = 0; i < Math.min(STROKE, count); i++) {
            inWindow += in[start + i * step] ? 1 : 0;
        }
        for (int i = 0; i < count; i++) {
            int entering = i + STROKE;
            if (entering < count) {
                inWindow += in[start + entering * step] ? 1 : 0;
            }
            int leaving = i - STROKE - 1;
            if (leaving >= 0) {
                inWindow -= in[start + leaving * step] ? 1 : 0;
            }
            int size = Math.min(count, i + STROKE + 1) - Math.max(0, i - STROKE);
            out[start + i * step] = erode ? inWindow == size && size == span : inWindow > 0;
        }
    }
}
