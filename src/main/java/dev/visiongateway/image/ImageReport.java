package dev.visiongateway.image;

import java.util.List;

/**
 * What the answer tells about one image: where it came from ({@code url|data|upload|file}), how it was sent
 * ({@code url|data|file}), the format, size and SHA-256 of what was sent, what it was before the gateway
 * touched it, and what was done to it.
 */
public record ImageReport(int index, String source, String sentAs, String format, Integer width, Integer height,
        Long bytes, String sha256, Original original, List<String> actions) {

    /** The image as it arrived. */
    public record Original(String format, Integer width, Integer height, Long bytes, String declaredType) {
    }

    /** An image the gateway only passes on by reference (a URL in pass-through mode, a file id). */
    public static ImageReport reference(int index, String source, String sentAs) {
        return new ImageReport(index, source, sentAs, null, null, null, null, null, null, List.of());
    }
}
