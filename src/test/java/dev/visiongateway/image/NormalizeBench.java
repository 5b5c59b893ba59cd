package dev.visiongateway.image;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * bench/normalize runs this: normalizes a 4000x3000 photo-like JPEG to at most 2048 px, side by side with
 * libvips' vipsthumbnail doing the same, runs interleaved, and prints the medians and their ratio. Not a test:
 * timings on a shared 2-core machine are noisy, so only the ratio of one run means anything.
 */
public final class NormalizeBench {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Path dir = Files.createDirectories(Path.of("target", "bench"));
        Path photo = dir.resolve("photo-4000x3000.jpg");
        ImageIO.write(photo(4000, 3000), "jpeg", photo.toFile());
        byte[] bytes = Files.readAllBytes(photo);
        TestImageLimits limits = new TestImageLimits(40_000_000, 1, Duration.ofSeconds(1));
        ImageNormalizer normalizer = new ImageNormalizer(limits, () -> 12,
                new ImageDecoder(limits, new DecodeBudget(limits)));
        ImageProbe.Dimensions size = ImageProbe.dimensions(bytes).orElseThrow();

        for (int i = 0; i < 5; i++) {
            normalizer.normalize(bytes, ImageFormat.JPEG, size, false);
            vips(photo, dir);
        }
        List<Long> gateway = new ArrayList<>();
        List<Long> vips = new ArrayList<>();
        ImageNormalizer.Normalized last = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            last = normalizer.normalize(bytes, ImageFormat.JPEG, size, false);
            gateway.add(System.nanoTime() - start);
            start = System.nanoTime();
            vips(photo, dir);
            vips.add(System.nanoTime() - start);
        }
        double gatewayMs = median(gateway) / 1e6;
        double vipsMs = median(vips) / 1e6;
        System.out.printf("input: %d bytes, 4000x3000 JPEG; runs: %d (after 5 warm-up runs each)%n", bytes.length, runs);
        System.out.printf("gateway ImageNormalizer: median %.1f ms -> %dx%d %s, %d bytes, %s%n", gatewayMs,
                last.width(), last.height(), last.format(), last.bytes().length, last.actions());
        System.out.printf("vipsthumbnail --size 2048 (process incl. start): median %.1f ms -> %d bytes%n", vipsMs,
                Files.size(dir.resolve("vips.jpg")));
        System.out.printf("ratio gateway / vipsthumbnail: %.2f%n", gatewayMs / vipsMs);
    }

    private static void vips(Path photo, Path dir) throws Exception {
        Process process = new ProcessBuilder("vipsthumbnail", photo.toString(), "--size", "2048x2048", "-o",
                dir.toAbsolutePath().resolve("vips.jpg") + "[Q=85,strip]").redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("vipsthumbnail failed; install it with: apt-get install libvips-tools");
        }
    }

    /** Smooth gradients with fine noise: compresses like a photo, unlike a flat test card. */
    private static BufferedImage photo(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), width, height, new Color(230, 180, 90)));
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                int noise = random.nextInt(25) - 12;
                int r = clamp(((rgb >> 16) & 0xFF) + noise);
                int g = clamp(((rgb >> 8) & 0xFF) + noise);
                int b = clamp((rgb & 0xFF) + noise);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
