package dev.visiongateway.support;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/** Images of known text, drawn in code: a font and size, a slight rotation, noise; and where each word went. */
public final class TextImages {

    /** A drawn image and the box (before rotation) of every word on it. */
    public record Drawn(BufferedImage image, List<Word> words) {

        public byte[] png() {
            return TextImages.png(image);
        }
    }

    public record Word(String text, Rectangle box) {
    }

    private TextImages() {
    }

    /**
     * Black text on white, one line per entry of {@code lines}, rotated by {@code degrees} about the centre, with
     * Gaussian luma noise of {@code noise} (standard deviation, 0..255) drawn from a fixed seed.
     */
    public static Drawn draw(List<String> lines, String fontName, int size, double degrees, double noise) {
        Font font = new Font(fontName, Font.PLAIN, size);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics metrics = probe.createGraphics().getFontMetrics(font);
        int margin = size * 2;
        int lineHeight = metrics.getHeight() + size / 3;
        int width = lines.stream().mapToInt(metrics::stringWidth).max().orElse(0) + 2 * margin;
        int height = lines.size() * lineHeight + 2 * margin;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setTransform(AffineTransform.getRotateInstance(Math.toRadians(degrees), width / 2.0, height / 2.0));
        graphics.setFont(font);
        graphics.setColor(Color.BLACK);
        List<Word> words = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int baseline = margin + i * lineHeight + metrics.getAscent();
            graphics.drawString(lines.get(i), margin, baseline);
            int x = margin;
            for (String word : lines.get(i).split(" ")) {
                words.add(new Word(word, new Rectangle(x, baseline - metrics.getAscent(), metrics.stringWidth(word),
                        metrics.getAscent() + metrics.getDescent())));
                x += metrics.stringWidth(word + " ");
            }
        }
        graphics.dispose();
        addNoise(image, noise, new Random(size * 31L + lines.hashCode()));
        return new Drawn(image, words);
    }

    public static void addNoise(BufferedImage image, double sigma, Random random) {
        if (sigma <= 0) {
            return;
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int delta = (int) Math.round(random.nextGaussian() * sigma);
                image.setRGB(x, y, clamp((rgb >> 16 & 0xFF) + delta) << 16 | clamp((rgb >> 8 & 0xFF) + delta) << 8
                        | clamp((rgb & 0xFF) + delta));
            }
        }
    }

    /** A box blur of {@code radius} pixels, applied {@code passes} times (about a Gaussian). */
    public static BufferedImage blurred(BufferedImage image, int radius, int passes) {
        int size = 2 * radius + 1;
        float[] weights = new float[size * size];
        java.util.Arrays.fill(weights, 1f / weights.length);
        ConvolveOp blur = new ConvolveOp(new Kernel(size, size, weights), ConvolveOp.EDGE_NO_OP, null);
        BufferedImage result = image;
        for (int i = 0; i < passes; i++) {
            result = blur.filter(result, null);
        }
        return result;
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
