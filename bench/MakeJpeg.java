import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A photo-like JPEG the gateway sends as is (JPEG, longest side at most max-side, no EXIF/XMP/ICC/comment: only the
 * JDK writer's JFIF header), as close under a byte budget as the JPEG quality allows. No dependencies:
 *
 *     java bench/MakeJpeg.java OUT.jpg TARGET_BYTES WIDTH HEIGHT
 *     java -Dseed=7 bench/MakeJpeg.java ...     (another picture: other noise, same budget)
 *
 * Smooth gradients plus seeded noise; the noise amplitude is raised until the best quality overshoots the budget,
 * then the quality is bisected to the largest encoding that stays at or under it.
 */
public class MakeJpeg {

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: java MakeJpeg.java OUT.jpg TARGET_BYTES WIDTH HEIGHT");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long target = Long.parseLong(args[1]);
        int width = Integer.parseInt(args[2]);
        int height = Integer.parseInt(args[3]);

        byte[] best = null;
        for (int noise = 8; noise <= 256 && best == null; noise *= 2) {
            BufferedImage image = picture(width, height, noise);
            if (jpeg(image, 1.0f).length < target) {
                continue; // too little detail to reach the budget: more noise
            }
            float low = 0.05f;
            float high = 1.0f;
            byte[] fits = jpeg(image, low);
            if (fits.length > target) {
                break;
            }
            for (int step = 0; step < 14; step++) {
                float middle = (low + high) / 2;
                byte[] encoded = jpeg(image, middle);
                if (encoded.length <= target) {
                    low = middle;
                    fits = encoded;
                } else {
                    high = middle;
                }
            }
            best = fits;
        }
        if (best == null) {
            System.err.println("MakeJpeg: cannot reach " + target + " bytes at " + width + "x" + height);
            System.exit(1);
        }
        Files.write(out, best);
        System.out.println(out + " " + best.length + " bytes " + width + "x" + height);
    }

    private static BufferedImage picture(int width, int height, int noise) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(Long.getLong("seed", 42));
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(255 * x / width + jitter(random, noise));
                int g = clamp(255 * y / height + jitter(random, noise));
                int b = clamp(128 + (int) (90 * Math.sin((x + y) / 37.0)) + jitter(random, noise));
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static int jitter(Random random, int noise) {
        return random.nextInt(noise) - noise / 2;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), param); // no metadata: JFIF APP0 only
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
