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
