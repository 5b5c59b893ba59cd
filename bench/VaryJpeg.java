import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * N distinct photos from one (bench/MakeJpeg.java makes one in minutes on a busy machine): each gets a small
 * numbered mark of its own, so each normalizes to other bytes and another SHA-256, and is encoded at the quality
 * that brings the first one closest under the original's size. No dependencies:
 *
 *     java bench/VaryJpeg.java IN.jpg OUT_DIR N        (writes OUT_DIR/photo-1.jpg ... photo-N.jpg)
 */
public class VaryJpeg {

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        long target = Files.size(in);
        BufferedImage base = ImageIO.read(in.toFile());
        float low = 0.5f;
        float high = 1.0f;
        for (int step = 0; step < 6; step++) {
            float middle = (low + high) / 2;
            if (jpeg(marked(base, 1), middle).length <= target) {
                low = middle;
            } else {
                high = middle;
            }
        }
        for (int i = 1; i <= count; i++) {
            Files.write(out.resolve("photo-" + i + ".jpg"), jpeg(marked(base, i), low));
        }
    }

    private static BufferedImage marked(BufferedImage base, int number) {
        BufferedImage copy = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = copy.createGraphics();
        graphics.drawImage(base, 0, 0, null);
        graphics.setColor(new Color(Color.HSBtoRGB(number / 31f, 0.9f, 0.9f)));
        graphics.fillRect(40 + 90 * (number % 30), 40, 80, 80 + 20 * number);
        graphics.dispose();
        return copy;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
