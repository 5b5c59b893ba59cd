package dev.visiongateway.image;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The memory one decode takes, estimated from the header before any pixel is read: what grows with the decoded
 * pixels (the decoded image and the copies that normalizing makes) and what the decoder holds for the whole
 * image whatever the subsampling. Numbers measured with the JDK and TwelveMonkeys readers the gateway uses.
 *
 * @param decodedBytesPerPixel heap per decoded pixel for the decoded image: twice its raster (readers convert
 *        or copy it once; 16-bit channels take two bytes each), as measured at the smallest heap that decodes it
 * @param workingBytesPerPixel what the caller allocates per decoded pixel besides (copies, encoders)
 * @param wholeImageBytes what the decoder allocates for every source pixel: a progressive JPEG's DCT
 *        coefficients (native memory, outside the heap), a WebP's frame, an RLE BMP's buffer
 */
record DecodeCost(int width, int height, int decodedBytesPerPixel, int workingBytesPerPixel, long wholeImageBytes) {

    /** Lossy WebP: TwelveMonkeys keeps every macroblock of the frame (~150 MB heap for a 6 MP photo). */
    static final int LOSSY_WEBP_BYTES_PER_PIXEL = 27;
    /** Lossless WebP: a full-size ARGB raster even when subsampling, plus its transforms (~9 bytes a pixel). */
    static final int LOSSLESS_WEBP_BYTES_PER_PIXEL = 9;
    /** A WebP alpha channel is decoded into a full-size four-band raster first. */
    static final int WEBP_ALPHA_BYTES_PER_PIXEL = 4;

    /** Bytes held at {@code subsampling} (1 = every pixel). */
    long bytesAt(int subsampling) {
        long decodedPixels = (long) ceilDiv(width, subsampling) * ceilDiv(height, subsampling);
        return wholeImageBytes + decodedPixels * (decodedBytesPerPixel + workingBytesPerPixel);
    }

    /**
     * The smallest subsampling that brings the long side to {@code targetLongSide} or below (rounding up) and
     * the estimate within {@code capacity}; empty when what the decoder holds for the whole image alone is over.
     */
    OptionalInt subsamplingWithin(int targetLongSide, long capacity) {
        return subsamplingWithin(targetLongSide, Long.MAX_VALUE, capacity);
    }

    /** The same, also subsampled to at most {@code targetPixels} when it has more. */
    OptionalInt subsamplingWithin(int targetLongSide, long targetPixels, long capacity) {
        if (bytesAt(Integer.MAX_VALUE) > capacity) {
            return OptionalInt.empty();
        }
        int subsampling = Math.max(1, ceilDiv(Math.max(width, height), Math.max(1, targetLongSide)));
        while ((long) ceilDiv(width, subsampling) * ceilDiv(height, subsampling) > targetPixels) {
            subsampling++;
        }
        while (bytesAt(subsampling) > capacity) {
            subsampling++;
        }
        return OptionalInt.of(subsampling);
    }

    static DecodeCost of(ImageFormat format, byte[] bytes, int width, int height, int workingBytesPerPixel) {
        long pixels = (long) width * height;
        int working = workingBytesPerPixel;
        return switch (format) {
            case JPEG -> JpegFrame.read(bytes)
                    .map(frame -> new DecodeCost(width, height, 2 * frame.decodedBytesPerPixel(), working,
                            frame.wholeImageCoefficients() ? frame.coefficientBytes(width, height) : 0))
                    .orElseGet(() -> new DecodeCost(width, height, 8, working, 0));
            case PNG -> new DecodeCost(width, height, 2 * pngBytesPerPixel(bytes), working, 0);
            case GIF -> new DecodeCost(width, height, 2, working, 0);
            case BMP -> bmp(bytes, width, height, pixels, working);
            case WEBP -> new DecodeCost(width, height, 8, working, pixels * webpBytesPerSourcePixel(bytes));
            default -> new DecodeCost(width, height, 8, working, pixels * 4);
        };
    }

    /** IHDR: bit depth at 24, colour type at 25; palette and sub-byte depths decode to one byte a pixel. */
    private static int pngBytesPerPixel(byte[] bytes) {
        if (bytes.length < 26) {
            return 8;
        }
        int depth = bytes[24] & 0xFF;
        int channels = switch (bytes[25] & 0xFF) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            default -> 4;
        };
        return channels * (depth == 16 ? 2 : 1);
    }

    /**
     * The JDK reader copies an uncompressed BMP's rows through a buffer of the whole image, and decodes RLE into
     * one; either way the whole image is held once.
     */
    private static DecodeCost bmp(byte[] bytes, int width, int height, long pixels, int working) {
        int headerSize = bytes.length >= 18 ? littleEndian(bytes, 14, 4) : 40;
        int bitsOffset = headerSize == 12 ? 24 : 28;
        int bits = bytes.length >= bitsOffset + 2 ? littleEndian(bytes, bitsOffset, 2) : 32;
        int bytesPerPixel = Math.max(1, Math.min(4, bits / 8));
        return new DecodeCost(width, height, 2 * bytesPerPixel, working, pixels * bytesPerPixel + bytes.length);
    }

    /**
     * Which WebP this is, from its chunks: a simple file starts with {@code VP8 } or {@code VP8L}; an extended
     * one ({@code VP8X}) names its alpha ({@code ALPH}) and image chunks after other chunks.
     */
    private static int webpBytesPerSourcePixel(byte[] bytes) {
        int perPixel = 0;
        boolean image = false;
        long offset = 12;
        while (offset + 8 <= bytes.length && !image) {
            String chunk = new String(bytes, (int) offset, 4, StandardCharsets.US_ASCII);
            switch (chunk) {
                case "VP8 " -> {
                    perPixel += LOSSY_WEBP_BYTES_PER_PIXEL;
                    image = true;
                }
                case "VP8L" -> {
                    perPixel += LOSSLESS_WEBP_BYTES_PER_PIXEL;
                    image = true;
                }
                case "ALPH" -> perPixel += WEBP_ALPHA_BYTES_PER_PIXEL;
                default -> {
                }
            }
            long size = littleEndian(bytes, (int) offset + 4, 4) & 0xFFFFFFFFL;
            // an animation frame holds its own chunks after a 16-byte header: look inside
            offset += "ANMF".equals(chunk) ? 8 + 16 : 8 + size + (size & 1);
        }
        // unknown layout: assume the costliest decoder
        return image ? perPixel : LOSSY_WEBP_BYTES_PER_PIXEL + WEBP_ALPHA_BYTES_PER_PIXEL;
    }

    private static int littleEndian(byte[] bytes, int offset, int length) {
        int value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }
        return value;
    }

    private static int ceilDiv(int value, int divisor) {
        return (int) ((value + (long) divisor - 1) / divisor);
    }
}
