package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.junit.jupiter.api.Test;

/**
 * JPEG and PNG dimensions are read from the frame header and the IHDR chunk, not through ImageIO: the same numbers
 * ImageIO reads, for every kind of image ImageIO writes, and ImageIO still answers for the rest.
 */
class ImageProbeTest {

    private static final List<int[]> SIZES = List.of(new int[] { 1, 1 }, new int[] { 17, 9 },
            new int[] { 640, 480 }, new int[] { 3000, 7 }, new int[] { 5, 2100 });

    @Test
    void readsJpegAndPngHeadersAsImageIoDoes() throws IOException {
        for (int[] size : SIZES) {
            for (int type : new int[] { BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY }) {
                BufferedImage image = new BufferedImage(size[0], size[1], type);
                for (byte[] bytes : List.of(write(image, "jpeg", false), write(image, "jpeg", true),
                        write(image, "png", false))) {
                    assertThat(ImageProbe.fromHeader(bytes)).as("%d x %d, type %d", size[0], size[1], type)
                            .isPresent()
                            .isEqualTo(ImageProbe.throughImageIo(bytes))
                            .contains(new ImageProbe.Dimensions(size[0], size[1]));
                }
            }
            byte[] alpha = write(new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_ARGB), "png", false);
            assertThat(ImageProbe.fromHeader(alpha)).contains(new ImageProbe.Dimensions(size[0], size[1]));
        }
    }

    @Test
    void leavesOtherFormatsAndBrokenHeadersToImageIo() throws IOException {
        byte[] gif = write(new BufferedImage(33, 12, BufferedImage.TYPE_INT_RGB), "gif", false);
        assertThat(ImageProbe.fromHeader(gif)).isEmpty();
        assertThat(ImageProbe.dimensions(gif)).contains(new ImageProbe.Dimensions(33, 12));

        byte[] jpeg = write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpeg", false);
        // cut inside the tables, before the frame header: neither can read it
        assertThat(ImageProbe.dimensions(Arrays.copyOf(jpeg, 30))).isEmpty();
        byte[] png = write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", false);
        byte[] tall = png.clone();
        tall[20] = (byte) 0x80;
        assertThat(ImageProbe.fromHeader(tall)).as("a height beyond 2^31").isEmpty();
        // headers that only ImageIO may judge: a bit depth PNG does not have, a JPEG frame type few readers take
        byte[] depth3 = png.clone();
        depth3[24] = 3;
        assertThat(ImageProbe.fromHeader(depth3)).isEmpty();
        assertThat(ImageProbe.dimensions(depth3)).isEqualTo(ImageProbe.throughImageIo(depth3));
        byte[] lossless = jpeg.clone();
        int sof = sof(lossless);
        lossless[sof + 1] = (byte) 0xC3;
        assertThat(ImageProbe.fromHeader(lossless)).isEmpty();
        byte[] twelveBit = jpeg.clone();
        twelveBit[sof + 4] = 12;
        assertThat(ImageProbe.fromHeader(twelveBit)).isEmpty();
    }

    /** Where the frame marker (FF C0) of a JPEG written by ImageIO is. */
    private static int sof(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                return i;
            }
        }
        throw new AssertionError("no SOF0 marker");
    }

    private static byte[] write(BufferedImage image, String format, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
