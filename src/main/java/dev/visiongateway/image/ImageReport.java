package dev.visiongateway.image;

/**
 * What the answer tells about one image: where it came from ({@code url|data|upload|file}), how it was sent
 * ({@code url|data|file}) and, where the gateway had the bytes, their format, size and SHA-256.
 */
public record ImageReport(int index, String source, String sentAs, String format, Integer width, Integer height,
        Long bytes, String sha256) {
}
