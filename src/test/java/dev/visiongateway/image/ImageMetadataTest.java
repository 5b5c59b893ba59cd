package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.PngChunkWriter;
import dev.visiongateway.support.TestImages;

/** Metadata is found without opening it: a compressed PNG text chunk is a bomb of its own. */
class ImageMetadataTest {

    @Test
    void aPngTextBombIsNamedNotInflated() {
        byte[] png = TestImages.png(2, 2, Color.RED);
        // ~2 MB of zlib that inflates past 2 GB: a metadata library reading it dies of OutOfMemoryError
        byte[] bomb = withChunkBeforeEnd(png, "zTXt", zTextOfZeros(2_200_000_000L));

        ImageMetadata metadata = ImageMetadata.read(bomb, ImageFormat.PNG);

        assertThat(metadata.carriesMetadata()).isTrue();
        assertThat(metadata.orientation()).isEqualTo(1);
    }

    @Test
    void aPlainPngCarriesNoMetadata() {
        assertThat(ImageMetadata.read(TestImages.png(20, 20, Color.RED), ImageFormat.PNG).carriesMetadata()).isFalse();
    }

    private static byte[] zTextOfZeros(long inflatedSize) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.writeBytes("Comment".getBytes(StandardCharsets.US_ASCII));
        chunk.write(0);
        chunk.write(0);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        byte[] zeros = new byte[1 << 20];
        byte[] out = new byte[1 << 16];
        for (long written = 0; written < inflatedSize; written += zeros.length) {
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                chunk.write(out, 0, deflater.deflate(out));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            chunk.write(out, 0, deflater.deflate(out));
        }
        return chunk.toByteArray();
    }

    private static byte[] withChunkBeforeEnd(byte[] png, String type, byte[] data) {
        int iend = png.length - 12;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Arrays.copyOf(png, iend));
        PngChunkWriter.chunk(out, type, data);
        out.writeBytes(Arrays.copyOfRange(png, iend, png.length));
        return out.toByteArray();
    }
}
