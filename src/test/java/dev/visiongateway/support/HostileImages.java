package dev.visiongateway.support;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Images made to hurt a decoder, from the review of issue 11, and the real images they are made from. */
public final class HostileImages {

    /**
     * 34 bytes of lossless WebP claiming 5000 x 5000 px whose pixel data ends at once: the TwelveMonkeys decoder
     * kept reading past the end for minutes, one exception per read.
     */
    public static final String WEBP_BOMB_DATA_URL = "data:image/webp;base64,UklGRhoAAABXRUJQVlA4TA4AAAAvh9PhBKhHkcvT/wIAAA==";

    private HostileImages() {
    }

    /** The 34-byte lossless WebP bomb, claiming {@code width x height} (each 1..16384). */
    public static byte[] losslessWebpBomb(int width, int height) {
        byte[] bomb = Base64.getDecoder().decode(WEBP_BOMB_DATA_URL.substring(WEBP_BOMB_DATA_URL.indexOf(',') + 1));
        // VP8L header after the 0x2F signature at 20: 14 bits width-1, 14 bits height-1, alpha, version (LSB first)
        long header = littleEndian(bomb, 21);
        header = header & ~0x0FFF_FFFFL | (width - 1L) | (height - 1L) << 14;
        for (int i = 0; i < 4; i++) {
            bomb[21 + i] = (byte) (header >>> 8 * i);
        }
        return bomb;
    }

    /** A progressive JPEG: libjpeg holds the DCT coefficients of the whole image, whatever the subsampling. */
    public static byte[] progressiveJpeg(int width, int height) {
        return jpeg(photo(width, height, BufferedImage.TYPE_INT_RGB), true);
    }

    /** {@code jpeg} with an EXIF APP1 segment saying {@code orientation} (6: turn 90 degrees clockwise). */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
                0, 0, 0, 0 };
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 64);
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + tiff.length;
        out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length });
        out.writeBytes(new byte[] { 'E', 'x', 'i', 'f', 0, 0 });
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * Random RGB pixels, which no encoder can shrink much: 1300 x 1300 is a 5 MB PNG, 3300 x 2500 a 5 MB JPEG.
     */
    public static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        return image;
    }

    /** A 16-bit RGBA PNG: eight bytes a decoded pixel. */
    public static byte[] png16(int width, int height) {
        BufferedImage image = ImageTypeSpecifier.createInterleaved(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] { 0, 1, 2, 3 }, DataBuffer.TYPE_USHORT, true, false).createBufferedImage(width, height);
        return encode(paint(image), "png");
    }

    /** A photo-like picture: gradients and blocks, so that encoders have something to do. */
    public static BufferedImage photo(int width, int height, int type) {
        return paint(new BufferedImage(width, height, type));
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format + " and " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] jpeg(BufferedImage image, boolean progressive) {
        return jpeg(image, progressive, null);
    }

    /** The JPEG at {@code quality} (0-1), or the writer's default quality when null. */
    public static byte[] jpeg(BufferedImage image, boolean progressive, Float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A file under src/test/resources/images. */
    public static byte[] fixture(String name) {
        try (InputStream in = HostileImages.class.getResourceAsStream("/images/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test image " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage paint(BufferedImage image) {
        Graphics2D graphics = image.createGraphics();
        graphics.setPaint(new GradientPaint(0, 0, new Color(200, 40, 40), image.getWidth(), image.getHeight(),
                new Color(30, 60, 220)));
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        Random random = new Random(11);
        int block = Math.max(2, Math.min(image.getWidth(), image.getHeight()) / 12);
        for (int i = 0; i < 60; i++) {
            graphics.setColor(new Color(random.nextInt(0xFFFFFF)));
            graphics.fillOval(random.nextInt(image.getWidth()), random.nextInt(image.getHeight()), block, block);
        }
        graphics.dispose();
        return image;
    }

    private static long littleEndian(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8 | (bytes[offset + 2] & 0xFFL) << 16
                | (bytes[offset + 3] & 0xFFL) << 24;
    }
}
