package dev.visiongateway.local;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.visiongateway.api.GatewayProblem;
import dev.visiongateway.image.ImageFormat;

/**
 * One decoded request image: its format and true size, and its pixels, decoded with source subsampling when
 * the image is larger than the engine needs ({@code pixels} may then be smaller than {@code width x height}).
 */
record LocalImage(int number, ImageFormat format, int width, int height, BufferedImage pixels) {

    /** Longest side the engine decodes; OCR gains nothing from more. */
    static final int MAX_DECODED_SIDE = 4096;

    /** Horizontal factor from original pixels to decoded pixels ({@code <= 1}). */
    double scale() {
        return pixels.getWidth() / (double) width;
    }

    String orientation() {
        return width == height ? "square" : width > height ? "landscape" : "portrait";
    }

    /** Decodes image {@code number} (1-based). CPU-bound: call it on a worker thread. */
    static LocalImage decode(int number, byte[] bytes) {
        ImageFormat format = ImageFormat.sniff(bytes).filter(ImageFormat::accepted).orElseThrow(() -> new GatewayProblem(
                415, "unsupported_format", "Image " + number + " is in no format the local engine reads.",
                field(number), null));
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new GatewayProblem(415, "unsupported_format", "Image " + number + " is " + format.label()
                        + ", which the local engine cannot decode on this installation.", field(number), null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                ImageReadParam param = reader.getDefaultReadParam();
                int subsampling = (int) Math.ceil(Math.max(width, height) / (double) MAX_DECODED_SIDE);
                if (subsampling > 1) {
                    param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                }
                return new LocalImage(number, format, width, height, reader.read(0, param));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof GatewayProblem problem) {
                throw problem;
            }
            throw GatewayProblem.badRequest("invalid_image", field(number), "Image " + number
                    + " cannot be decoded: the file is truncated or corrupt.");
        }
    }

    private static String field(int number) {
        return "images[" + (number - 1) + "]";
    }
}
