package dev.visiongateway.image;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/** Reads an image's dimensions from its header, without decoding its pixels. */
public final class ImageProbe {

    /**
     * Reading a header takes milliseconds; a file made to keep a header parser walking (a GIF or WebP of endless
     * blocks) is cut off here and reported as unreadable.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private ImageProbe() {
    }

    public record Dimensions(int width, int height) {
    }

    /** The dimensions of the first frame, or empty when no reader can parse the header (truncated, corrupt). */
    public static Optional<Dimensions> dimensions(byte[] bytes) {
        Optional<Dimensions> fromHeader = fromHeader(bytes);
        return fromHeader.isPresent() ? fromHeader : throughImageIo(bytes);
    }

    /**
     * A JPEG's frame header or a PNG's IHDR chunk, read where the format puts the dimensions: ImageIO's JPEG reader
     * builds the Huffman tables on the way there, which was a seventh of what a chat request with a 121 KB photo
     * allocated. Only headers every reader takes (a valid IHDR; a common JPEG frame, {@link JpegFrame#common}):
     * anything else is left to ImageIO, which refuses what it cannot read.
     */
    static Optional<Dimensions> fromHeader(byte[] bytes) {
        Optional<ImageFormat> format = ImageFormat.sniff(bytes);
        if (format.equals(Optional.of(ImageFormat.PNG)) && bytes.length >= 29 && int32(bytes, 8) == 13
                && bytes[12] == 'I' && bytes[13] == 'H' && bytes[14] == 'D' && bytes[15] == 'R'
                && validPngLayout(bytes[24], bytes[25]) && bytes[26] == 0 && bytes[27] == 0
                && (bytes[28] == 0 || bytes[28] == 1)) {
            return positive(int32(bytes, 16), int32(bytes, 20));
        }
        if (format.equals(Optional.of(ImageFormat.JPEG))) {
            return JpegFrame.read(bytes).filter(JpegFrame::common)
                    .flatMap(frame -> positive(frame.width(), frame.height()));
        }
        return Optional.empty();
    }

    /** The bit depths the PNG specification allows for each colour type. */
    private static boolean validPngLayout(byte depth, byte colourType) {
        return switch (colourType) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
    }

    private static Optional<Dimensions> positive(int width, int height) {
        return width > 0 && height > 0 ? Optional.of(new Dimensions(width, height)) : Optional.empty();
    }

    private static int int32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
                | bytes[offset + 3] & 0xFF;
    }

    static Optional<Dimensions> throughImageIo(byte[] bytes) {
        GuardedImageInput input = new GuardedImageInput(bytes, System.nanoTime() + TIMEOUT.toNanos());
        try (input) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return Optional.of(new Dimensions(reader.getWidth(0), reader.getHeight(0)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
