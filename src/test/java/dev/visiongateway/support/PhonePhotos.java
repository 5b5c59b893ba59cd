package dev.visiongateway.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Photos as a phone camera writes them: 4000 x 3000 JPEGs of about 6 MB (detail and sensor noise at quality 0.92)
 * whose EXIF says where they were taken (GPS) and that the phone was held upright (orientation 6), taken from the
 * committed fixture {@code exif-rotated-gps-120x80.jpg}. Made once per seed and kept: each takes a second.
 */
public final class PhonePhotos {

    public static final int WIDTH = 4000;
    public static final int HEIGHT = 3000;

    private static final ConcurrentMap<Integer, byte[]> MADE = new ConcurrentHashMap<>();

    private PhonePhotos() {
    }

    public static byte[] photo(int seed) {
        return MADE.computeIfAbsent(seed, PhonePhotos::make);
    }

    /**
     * Writes photo {@code SEED} to {@code OUT}, for bench/phone-photos:
     * {@code java -cp target/test-classes dev.visiongateway.support.PhonePhotos OUT SEED}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PhonePhotos OUT.jpg SEED");
            System.exit(2);
        }
        java.nio.file.Files.write(java.nio.file.Path.of(args[0]), photo(Integer.parseInt(args[1])));
    }

    private static byte[] make(int seed) {
        BufferedImage image = HostileImages.photo(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        int[] row = new int[WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            image.getRGB(0, y, WIDTH, 1, row, 0, WIDTH);
            for (int x = 0; x < WIDTH; x++) {
                int noise = random.nextInt(48) - 24;
                int rgb = row[x];
                row[x] = clamp((rgb >> 16 & 0xFF) + noise) << 16 | clamp((rgb >> 8 & 0xFF) + noise) << 8
                        | clamp((rgb & 0xFF) + noise);
            }
            image.setRGB(0, y, WIDTH, 1, row, 0, WIDTH);
        }
        return withExifOf(HostileImages.jpeg(image, false, 0.92f), HostileImages.fixture("exif-rotated-gps-120x80.jpg"));
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    /** {@code jpeg} with the EXIF (APP1) segment of {@code source} right after its start marker. */
    static byte[] withExifOf(byte[] jpeg, byte[] source) {
        int at = 2;
        while (at + 4 <= source.length && (source[at] & 0xFF) == 0xFF) {
            int marker = source[at + 1] & 0xFF;
            int length = (source[at + 2] & 0xFF) << 8 | source[at + 3] & 0xFF;
            if (marker == 0xE1) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 2);
                out.write(jpeg, 0, 2);
                out.write(source, at, length + 2);
                out.write(jpeg, 2, jpeg.length - 2);
                return out.toByteArray();
            }
            at += 2 + length;
        }
        throw new IllegalArgumentException("the source JPEG has no EXIF segment");
    }
}
