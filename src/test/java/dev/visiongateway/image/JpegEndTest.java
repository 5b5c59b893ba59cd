package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.TestImages;

/**
 * The scan for a JPEG's end-of-image marker, which decides whether a JPEG is complete and whether anything hides
 * after it (docs/ARCHITECTURE.md rule 6). It skips entropy-coded data eight bytes at a time, so every case is tried
 * with the interesting bytes at each of the sixteen offsets around a word boundary.
 */
class JpegEndTest {

    @Test
    void aJpegWrittenByImageIoEndsAtItsEndMarker() {
        byte[] jpeg = TestImages.jpeg(300, 200, Color.ORANGE);

        assertThat(ImageFormat.JPEG.ending(jpeg)).isNotEqualTo(ImageFormat.Ending.TRUNCATED);
        assertThat(ImageFormat.JPEG.ending(jpeg)).isEqualTo(ImageFormat.Ending.AT_END_MARKER);
        assertThat(ImageFormat.JPEG.ending(concat(jpeg, new byte[] { 1, 2, 3 })))
                .isNotEqualTo(ImageFormat.Ending.AT_END_MARKER);
        assertThat(ImageFormat.JPEG.ending(Arrays.copyOf(jpeg, jpeg.length - 2)))
                .isEqualTo(ImageFormat.Ending.TRUNCATED);
    }

    @Test
    void stuffedBytesAndRestartMarkersAreNotTheEndAtAnyAlignment() {
        for (int at = 0; at < 16; at++) {
            byte[] data = noise(64 + at);
            // FF 00 is a stuffed FF, FF D3 a restart marker: neither ends the scan
            data[at] = (byte) 0xFF;
            data[at + 1] = 0x00;
            data[at + 9] = (byte) 0xFF;
            data[at + 10] = (byte) 0xD3;
            byte[] jpeg = jpeg(data, new byte[0]);

            assertThat(ImageFormat.JPEG.ending(jpeg)).as("FF at %d", at).isNotEqualTo(ImageFormat.Ending.TRUNCATED);
            assertThat(ImageFormat.JPEG.ending(jpeg)).as("FF at %d", at).isEqualTo(ImageFormat.Ending.AT_END_MARKER);
        }
    }

    @Test
    void aSecondImageAfterTheEndMarkerIsFoundAtAnyAlignment() {
        for (int at = 0; at < 16; at++) {
            byte[] jpeg = jpeg(noise(40 + at), jpeg(noise(30), new byte[0]));

            assertThat(ImageFormat.JPEG.ending(jpeg)).as("length %d", 40 + at)
                    .isNotEqualTo(ImageFormat.Ending.TRUNCATED);
            assertThat(ImageFormat.JPEG.ending(jpeg)).as("length %d", 40 + at)
                    .isNotEqualTo(ImageFormat.Ending.AT_END_MARKER);
        }
    }

    @Test
    void aJpegCutInItsEntropyCodedDataIsIncompleteAtAnyLength() {
        byte[] whole = jpeg(noise(100), new byte[0]);
        for (int cut = whole.length - 20; cut < whole.length; cut++) {
            assertThat(ImageFormat.JPEG.ending(Arrays.copyOf(whole, cut))).as("cut at %d", cut)
                    .isEqualTo(ImageFormat.Ending.TRUNCATED);
        }
    }

    /** Entropy-coded bytes without any FF, as most of a real scan is. */
    private static byte[] noise(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        for (int i = 0; i < data.length; i++) {
            if (data[i] == (byte) 0xFF) {
                data[i] = 0x7F;
            }
        }
        return data;
    }

    /** SOI, an APP0 segment, an SOS header, {@code scan}, EOI, then {@code trailer}. */
    private static byte[] jpeg(byte[] scan, byte[] trailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD8 });
        out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xE0, 0, 7, 'J', 'F', 'I', 'F', 0 });
        out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0 });
        out.writeBytes(scan);
        out.writeBytes(new byte[] { (byte) 0xFF, (byte) 0xD9 });
        out.writeBytes(trailer);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
