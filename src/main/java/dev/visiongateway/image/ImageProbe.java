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
     * allocated. Empty when the header is not where it belongs, for ImageIO to try.
     */
    static Optional<Dimensions> fromHeader(byte[] bytes) {
        if (bytes.length >= 24 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'
                && bytes[12] == 'I' && bytes[13] == 'H' && bytes[14] == 'D' && bytes[15] == 'R') {
            return positive(int32(bytes, 16), int32(bytes, 20));
        }
        if (bytes.length >= 4 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8) {
            return JpegFrame.read(bytes).flatMap(frame -> positive(frame.width(), frame.height()));
        }
        return Optional.empty();
    }

    private static Optional<Dimensions> positive(int width, int height) {
        return width > 0 && height > 0 ? Optional.of(new Dimensions(width, height)) : Optional.empty();
    }

    private static int int32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8
                | bytes[offset + 3] & 0xFF;
    }

    private static Optional<Dimensions> throughImageIo(byte[] bytes) {
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
