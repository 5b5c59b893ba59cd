package dev.visiongateway.local;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;

import dev.visiongateway.image.DecodeBudget;
import dev.visiongateway.image.ImageDecoder;
import dev.visiongateway.image.ImageFormat;
import dev.visiongateway.image.ImagePermits;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * One decoded request image, turned upright as a browser shows it: its format and true size, and its pixels, decoded with
 * source subsampling when
 * the image is larger than the engine needs ({@code pixels} may then be smaller than {@code width x height}).
 * It holds its share of the decode budget until closed, so images waiting for Tesseract count too.
 */
record LocalImage(int number, ImageFormat format, int width, int height, BufferedImage pixels,
        DecodeBudget.Reservation reservation) implements AutoCloseable {

    /**
     * Most pixels the engine decodes (those of 4096 x 4096); OCR gains nothing from more. Counted in pixels, not
     * by the long side, so that a tall receipt or a scrolled screenshot keeps its text size: subsampled to 4096 px,
     * a 760 x 5480 receipt's 22 px text came to 11 px and Tesseract read one row in ten.
     */
    static final long MAX_DECODED_PIXELS = 4096L * 4096;
    /** Longest side the engine decodes: Tesseract's own limit is 32,767. */
    static final int MAX_DECODED_SIDE = 16_384;
    /**
     * Heap per decoded pixel the engine adds while it holds an image: the OCR copy and its PNG (4 bytes), and the
     * masks that find light text on dark grounds (5 bytes; OcrPreprocessor.darkOnLight).
     */
    static final int WORKING_BYTES_PER_PIXEL = 9;

    /** An image that holds no budget, for tests. */
    LocalImage(int number, ImageFormat format, int width, int height, BufferedImage pixels) {
        this(number, format, width, height, pixels, null);
    }

    /** Horizontal factor from original pixels to decoded pixels ({@code <= 1}). */
    double scale() {
        return pixels.getWidth() / (double) width;
    }

    String orientation() {
        return width == height ? "square" : width > height ? "landscape" : "portrait";
    }

    @Override
    public void close() {
        if (reservation != null) {
            reservation.close();
        }
    }

    /**
     * Decodes image {@code number} (1-based) under a permit and within the decode budget, like the intake. Blocks: call it on a
     * worker thread, and close the image when done with it.
     */
    static LocalImage decode(int number, byte[] bytes, ImageDecoder decoder, ImagePermits permits, Duration wait) {
        ImageFormat format = ImageFormat.sniff(bytes).filter(ImageFormat::accepted)
                .orElseThrow(() -> new GatewayProblem(ErrorCode.UNSUPPORTED_FORMAT,
                        "Image " + number + " is in no format the local engine reads.",
                        field(number), null));
        return permits.run(() -> {
            try {
                ImageDecoder.Decoded decoded = decoder.decodeUpright(bytes, format, MAX_DECODED_SIDE, MAX_DECODED_PIXELS,
                        WORKING_BYTES_PER_PIXEL, wait, field(number));
                return new LocalImage(number, format, decoded.width(), decoded.height(), decoded.image(),
                        decoded.reservation());
            } catch (IOException | RuntimeException e) {
                if (e instanceof GatewayProblem problem) {
                    throw problem;
                }
                throw GatewayProblem.of(ErrorCode.INVALID_IMAGE, field(number), "Image " + number
                        + " cannot be decoded: the file is truncated or corrupt.");
            }
        });
    }

    private static String field(int number) {
        return "images[" + (number - 1) + "]";
    }
}
