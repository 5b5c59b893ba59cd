package dev.visiongateway.support;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Photo-like scenes drawn in code: sky and grass gradients, scattered discs, sensor noise; one per seed. */
public final class SceneImages {

    private SceneImages() {
    }

    public static BufferedImage scene(long seed, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int horizon = height * 5 / 8;
        graphics.setPaint(new GradientPaint(0, 0, new Color(90, 140, 210), 0, horizon, new Color(200, 220, 240)));
        graphics.fillRect(0, 0, width, horizon);
        graphics.setPaint(new GradientPaint(0, horizon, new Color(60, 120, 40), 0, height, new Color(30, 70, 20)));
        graphics.fillRect(0, horizon, width, height - horizon);
        Random random = new Random(seed);
        for (int i = 0; i < 30; i++) {
            graphics.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            int size = width / 64 + random.nextInt(width / 8);
            graphics.fillOval(random.nextInt(width - size), random.nextInt(height - size), size, size);
        }
        graphics.dispose();
        TextImages.addNoise(image, 8, new Random(seed));
        return image;
    }

    public static BufferedImage filled(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return image;
    }

    /** A copy of {@code image} with a filled rectangle drawn on it. */
    public static BufferedImage withBox(BufferedImage image, int x, int y, int width, int height, Color color) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = copy.createGraphics();
        graphics.drawImage(image, 0, 0, null);
        graphics.setColor(color);
        graphics.fillRect(x, y, width, height);
        graphics.dispose();
        return copy;
    }
}
