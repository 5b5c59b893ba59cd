package dev.visiongateway.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * A seeded generator of damaged images for fuzzing the intake: real JPEG, PNG, GIF and BMP files made with
 * ImageIO (WebP from fixtures: ImageIO writes none), each cut short, bit-flipped, given other dimensions in its
 * header, or given wrong chunk and segment lengths. The same seed gives the same files, so a failure can be
 * replayed by its seed and case number.
 */
public final class MutatedImages {

    /** One damaged file: what it started as, what was done to it, and its bytes. */
    public record Mutant(int number, String base, String mutation, String mimeType, byte[] bytes) {

        @Override
        public String toString() {
            return "#" + number + " " + base + ", " + mutation + " (" + bytes.length + " bytes)";
        }
    }

    private record Base(String name, String mimeType, byte[] bytes) {
    }

    private final Random random;
    private final List<Base> bases;

    public MutatedImages(long seed) {
        this.random = new Random(seed);
        BufferedImage photo = HostileImages.photo(160, 120, BufferedImage.TYPE_INT_RGB);
        BufferedImage graphic = HostileImages.photo(96, 64, BufferedImage.TYPE_INT_ARGB);
        BufferedImage indexed = HostileImages.photo(96, 64, BufferedImage.TYPE_BYTE_INDEXED);
        this.bases = List.of(
                new Base("baseline JPEG", "image/jpeg", HostileImages.jpeg(photo, false)),
                new Base("progressive JPEG", "image/jpeg", HostileImages.jpeg(photo, true)),
                new Base("RGBA PNG", "image/png", HostileImages.encode(graphic, "png")),
                new Base("16-bit PNG", "image/png", HostileImages.png16(64, 48)),
                new Base("GIF", "image/gif", HostileImages.encode(indexed, "gif")),
                new Base("24-bit BMP", "image/bmp", HostileImages.encode(photo, "bmp")),
                new Base("RLE8 BMP", "image/bmp", rle8Bmp(indexed)),
                new Base("lossy WebP", "image/webp", HostileImages.fixture("photo-64x48.webp")),
                new Base("lossless WebP", "image/webp", HostileImages.fixture("graphic-64x48-lossless.webp")),
                new Base("WebP with alpha", "image/webp", HostileImages.fixture("alpha-64x48-lossy.webp")));
    }

    /** {@code count} mutants, cycling through the base images. */
    public List<Mutant> next(int count) {
        List<Mutant> mutants = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Base base = bases.get(i % bases.size());
            byte[] bytes = base.bytes().clone();
            String mutation;
            switch (random.nextInt(4)) {
                case 0 -> {
                    int length = 8 + random.nextInt(bytes.length - 8);
                    mutation = "cut to " + length + " of " + bytes.length + " bytes";
                    bytes = Arrays.copyOf(bytes, length);
                }
                case 1 -> mutation = flipBits(bytes);
                case 2 -> mutation = editDimensions(base.name(), bytes);
                default -> mutation = editLength(base.name(), bytes);
            }
            mutants.add(new Mutant(i, base.name(), mutation, base.mimeType(), bytes));
        }
        return mutants;
    }

    private String flipBits(byte[] bytes) {
        int flips = 1 + random.nextInt(8);
        StringBuilder where = new StringBuilder(flips + " bits flipped at");
        for (int i = 0; i < flips; i++) {
            int offset = random.nextInt(bytes.length);
            bytes[offset] ^= (byte) (1 << random.nextInt(8));
            where.append(' ').append(offset);
        }
        return where.toString();
    }

    /** Claims other dimensions: small, huge, zero, or just past a limit. */
    private String editDimensions(String base, byte[] bytes) {
        int[] claims = { 0, 1, 4097, 7000, 16383, 30000, 65535 };
        int width = claims[random.nextInt(claims.length)];
        int height = claims[random.nextInt(claims.length)];
        if (base.contains("JPEG")) {
            int sof = marker(bytes, 0xC0, 0xC2);
            if (sof > 0) {
                putBigEndian16(bytes, sof + 5, height);
                putBigEndian16(bytes, sof + 7, width);
            }
        } else if (base.contains("PNG")) {
            putBigEndian32(bytes, 16, width);
            putBigEndian32(bytes, 20, height);
        } else if (base.equals("GIF")) {
            putLittleEndian16(bytes, 6, width);
            putLittleEndian16(bytes, 8, height);
        } else if (base.contains("BMP")) {
            putLittleEndian32(bytes, 18, width);
            putLittleEndian32(bytes, 22, height);
        } else if (base.equals("lossless WebP")) {
            long header = littleEndian32(bytes, 21) & ~0x0FFF_FFFFL | Math.max(0, Math.min(16383, width - 1))
                    | (long) Math.max(0, Math.min(16383, height - 1)) << 14;
            putLittleEndian32(bytes, 21, (int) header);
        } else if (base.equals("lossy WebP")) {
            putLittleEndian16(bytes, 26, width & 0x3FFF);
            putLittleEndian16(bytes, 28, height & 0x3FFF);
        } else {
            // VP8X canvas: 24-bit width-1 and height-1 at 24 and 27
            put24(bytes, 24, Math.max(0, width - 1));
            put24(bytes, 27, Math.max(0, height - 1));
        }
        return "dimensions claimed " + width + " x " + height;
    }

    /** A chunk, segment or container length set to 0, 1 byte off, or huge. */
    private String editLength(String base, byte[] bytes) {
        int[] lengths = { 0, 1, 0x7FFF_FFFF, -1, 65535 };
        int length = lengths[random.nextInt(lengths.length)];
        int offset;
        if (base.contains("JPEG")) {
            offset = marker(bytes, 0xC4, 0xDB) + 2;
            putBigEndian16(bytes, offset, length);
        } else if (base.contains("PNG")) {
            offset = 33 + random.nextInt(2) * 12;
            putBigEndian32(bytes, offset, length);
        } else if (base.equals("GIF")) {
            offset = 13 + 3 * 256 - 1;
            bytes[Math.min(bytes.length - 1, offset)] = (byte) length;
        } else if (base.contains("BMP")) {
            offset = random.nextBoolean() ? 2 : 10;
            putLittleEndian32(bytes, offset, length);
        } else {
            offset = random.nextBoolean() ? 4 : 16;
            putLittleEndian32(bytes, offset, length);
        }
        return "length at " + offset + " set to " + length;
    }

    private static int marker(byte[] bytes, int first, int second) {
        for (int i = 2; i + 1 < bytes.length; i++) {
            int marker = bytes[i + 1] & 0xFF;
            if ((bytes[i] & 0xFF) == 0xFF && (marker == first || marker == second)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] rle8Bmp(BufferedImage indexed) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("bmp").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var output = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("BI_RLE8");
            writer.write(null, new IIOImage(indexed, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static void putBigEndian16(byte[] bytes, int offset, int value) {
        if (offset >= 0 && offset + 2 <= bytes.length) {
            bytes[offset] = (byte) (value >> 8);
            bytes[offset + 1] = (byte) value;
        }
    }

    private static void putBigEndian32(byte[] bytes, int offset, int value) {
        putBigEndian16(bytes, offset, value >>> 16);
        putBigEndian16(bytes, offset + 2, value);
    }

    private static void putLittleEndian16(byte[] bytes, int offset, int value) {
        if (offset >= 0 && offset + 2 <= bytes.length) {
            bytes[offset] = (byte) value;
            bytes[offset + 1] = (byte) (value >> 8);
        }
    }

    private static void putLittleEndian32(byte[] bytes, int offset, int value) {
        putLittleEndian16(bytes, offset, value);
        putLittleEndian16(bytes, offset + 2, value >>> 16);
    }

    private static void put24(byte[] bytes, int offset, int value) {
        if (offset + 3 <= bytes.length) {
            bytes[offset] = (byte) value;
            bytes[offset + 1] = (byte) (value >> 8);
            bytes[offset + 2] = (byte) (value >> 16);
        }
    }

    private static long littleEndian32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8 | (bytes[offset + 2] & 0xFFL) << 16
                | (bytes[offset + 3] & 0xFFL) << 24;
    }
}
