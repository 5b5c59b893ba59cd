package dev.visiongateway.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * How a page far longer than wide is read by a router model: not shrunk whole into {@code max-side}, which took a
 * 760 x 5480 receipt to 254 x 1827 and its 22 px text to 7 px, but scaled only as far as its short side needs and
 * cut along its long side into tiles of at most {@code max-side} that overlap by a tenth, so that each line is whole
 * in at least one tile. Pages within half again of what fitting whole gives keep being sent whole.
 *
 * @param scale the scale the tiles are cut at (at most 1: never enlarged here)
 * @param tiles each tile's box in the scaled page, in reading order (top to bottom, or left to right)
 */
record OcrTiles(double scale, int scaledWidth, int scaledHeight, List<Box> tiles) {

    /** A box in pixels. */
    record Box(int x, int y, int width, int height) {
    }

    /** Tiling pays when it keeps at least this many times the resolution fitting whole would. */
    static final double MIN_GAIN = 1.5;
    /** The share of a tile the next one repeats. */
    static final double OVERLAP = 0.1;

    /**
     * The tiles of an upright {@code width x height} page, or empty when it is sent whole; a page that needs more
     * than {@code maxTiles} is {@code 413 too_many_tiles} at {@code field}.
     */
    static Optional<OcrTiles> plan(int width, int height, int maxSide, int maxTiles, int number, String field) {
        int longSide = Math.max(width, height);
        double whole = Math.min(1, maxSide / (double) longSide);
        double scale = Math.min(1, maxSide / (double) Math.min(width, height));
        // a hair under the gain still sends it whole: 3:2 sits on it exactly, rounding must not decide
        if (scale < MIN_GAIN * whole + 1e-9) {
            return Optional.empty();
        }
        OcrTiles tiles = cut((int) Math.round(width * scale), (int) Math.round(height * scale), scale, maxSide);
        if (tiles.tiles().size() > maxTiles) {
            throw new GatewayProblem(ErrorCode.TOO_MANY_TILES, "Image " + number + " is " + width + " x " + height
                    + " pixels: to read its text at a legible size it would be cut into " + tiles.tiles().size()
                    + " tiles of at most " + maxSide + " px, more than the " + maxTiles + " the gateway sends for one"
                    + " image (gateway.ocr.max-tiles). Crop it, or send its parts as separate images.", field, null);
        }
        return Optional.of(tiles);
    }

    /** A {@code width x height} image (already scaled by {@code scale}) cut along its long side. */
    static OcrTiles cut(int width, int height, double scale, int maxSide) {
        boolean tall = height >= width;
        int length = tall ? height : width;
        int tile = Math.min(maxSide, length);
        int count = length <= tile ? 1
                : 1 + (int) Math.ceil((length - tile) / (double) (tile - (int) (tile * OVERLAP)));
        List<Box> boxes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = count == 1 ? 0 : (int) Math.round(i * (length - tile) / (double) (count - 1));
            boxes.add(tall ? new Box(0, start, width, tile) : new Box(start, 0, tile, height));
        }
        return new OcrTiles(scale, width, height, List.copyOf(boxes));
    }
}
