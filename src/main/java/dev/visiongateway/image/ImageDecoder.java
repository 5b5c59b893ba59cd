package dev.visiongateway.image;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the first frame of an image, reading every n-th pixel when it is to be shrunk a lot anyway (a 40 MP
 * photo is decoded at a quarter of its pixels or less), and turns it upright by its EXIF orientation.
 */
final class ImageDecoder {

    private ImageDecoder() {
    }

    record Decoded(BufferedImage image, int subsampling) {
    }

    /**
     * {@code targetLongSide}: the long side the caller will bring the image to; subsampling keeps at least that
     * much, so a decoded image is never more than twice the target a side (4096 px: 64 MB at 4 bytes a pixel).
     */
    static Decoded decode(byte[] bytes, int width, int height, int targetLongSide) throws IOException {
        int subsampling = Math.max(1, Math.max(width, height) / targetLongSide);
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new IOException("no reader for the image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                return new Decoded(reader.read(0, param), subsampling);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The image turned upright; EXIF orientations 2-8 mirror and/or rotate it. */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        // x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12, for each EXIF orientation
        AffineTransform transform = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
            default -> new AffineTransform(0, -1, 1, 0, 0, w);
        };
        boolean swap = orientation >= 5;
        BufferedImage upright = new BufferedImage(swap ? h : w, swap ? w : h,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = upright.createGraphics();
        graphics.drawImage(image, transform, null);
        graphics.dispose();
        return upright;
    }
}
