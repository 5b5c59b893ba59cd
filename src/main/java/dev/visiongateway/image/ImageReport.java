package dev.visiongateway.image;

import java.util.List;

/**
 * What the answer tells about one image: where it came from ({@code url|data|upload|file}), how it was sent
 * ({@code url|data|file}), the format, size and SHA-256 of what was sent, what it was before the gateway
 * touched it, and what was done to it. An image sent as tiles has one report per tile, each with its {@code tile}.
 */
public record ImageReport(int index, String source, String sentAs, String format, Integer width, Integer height,
        Long bytes, String sha256, Original original, List<String> actions, Tile tile) {

    /** Tile {@code number} of {@code count}, and the part of the original image it shows, in its pixels. */
    public record Tile(int number, int count, int x, int y, int width, int height) {
    }

    public ImageReport(int index, String source, String sentAs, String format, Integer width, Integer height,
            Long bytes, String sha256, Original original, List<String> actions) {
        this(index, source, sentAs, format, width, height, bytes, sha256, original, actions, null);
    }

    /** The image as it arrived. */
    public record Original(String format, Integer width, Integer height, Long bytes, String declaredType) {
    }

    /** The same image, now sent as a file id of the router's Files API, having had {@code action} done. */
    public ImageReport sentAsFile(String action) {
        List<String> done = new java.util.ArrayList<>(actions);
        done.add(action);
        return new ImageReport(index, source, "file", format, width, height, bytes, sha256, original, List.copyOf(done),
                tile);
    }

    /** An image the gateway only passes on by reference (a URL in pass-through mode, a file id). */
    public static ImageReport reference(int index, String source, String sentAs) {
        return new ImageReport(index, source, sentAs, null, null, null, null, null, null, List.of());
    }
}
