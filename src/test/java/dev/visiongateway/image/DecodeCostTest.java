package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.HostileImages;
import dev.visiongateway.support.TestImages;

/**
 * docs/ARCHITECTURE.md rule 13: what a decode is charged, and the subsampling that fits it. The numbers are for the
 * pod's heap: -Xmx192m with Parallel GC, whose maxMemory() is 184 MiB, half of it (~96 MB) the decode budget.
 */
class DecodeCostTest {

    private static final long POD_BUDGET = 96_468_992;
    private static final int TARGET = 2048;

    @Test
    void subsamplingRoundsUpSoTheDecodedLongSideIsAtMostTheTarget() {
        assertThat(subsampling(2048)).isEqualTo(1);
        assertThat(subsampling(2049)).isEqualTo(2);
        assertThat(subsampling(4095)).isEqualTo(2);
        assertThat(subsampling(4097)).isEqualTo(3);
        assertThat(subsampling(40_000)).isEqualTo(20);
    }

    @Test
    void sixteenBitChannelsAndAlphaCostEightBytesADecodedPixel() {
        DecodeCost cost = DecodeCost.of(ImageFormat.PNG, HostileImages.png16(8, 8), 4095, 4095, 10);

        assertThat(cost.decodedBytesPerPixel()).isEqualTo(16);
        // at 1 in 2 (2048 px) it would need 4.2 MP x 26 bytes = 109 MB: one more step brings it within the budget
        assertThat(cost.subsamplingWithin(TARGET, POD_BUDGET)).hasValue(3);
    }

    @Test
    void aProgressiveJpegIsChargedItsWholeImageCoefficients() {
        byte[] progressive = HostileImages.progressiveJpeg(64, 48);
        JpegFrame frame = JpegFrame.read(progressive).orElseThrow();
        assertThat(frame.progressive()).isTrue();
        assertThat(frame.samplingShare()).isEqualTo(1.5);
        DecodeCost cost = DecodeCost.of(ImageFormat.JPEG, progressive, 7000, 7000, 10);

        // 7000 x 7000 x 1.5 components x 2 bytes: 147 MB of native memory whatever the subsampling
        assertThat(cost.wholeImageBytes()).isGreaterThan(147_000_000);
        assertThat(cost.subsamplingWithin(TARGET, POD_BUDGET)).isEmpty();
        assertThat(DecodeCost.of(ImageFormat.JPEG, progressive, 4000, 3000, 10).subsamplingWithin(TARGET, POD_BUDGET))
                .hasValue(2);
    }

    @Test
    void aBaselineJpegHoldsNoWholeImageBuffer() {
        byte[] baseline = TestImages.jpeg(64, 48, Color.RED);
        assertThat(JpegFrame.read(baseline).orElseThrow().wholeImageCoefficients()).isFalse();
        assertThat(DecodeCost.of(ImageFormat.JPEG, baseline, 8000, 6000, 10).wholeImageBytes()).isZero();
    }

    @Test
    void aLosslessWebpIsChargedItsFullSizeRasterWhateverTheSubsampling() {
        byte[] bomb = HostileImages.losslessWebpBomb(7000, 7000);
        DecodeCost cost = DecodeCost.of(ImageFormat.WEBP, bomb, 7000, 7000, 10);

        assertThat(cost.wholeImageBytes()).isEqualTo(7000L * 7000 * DecodeCost.LOSSLESS_WEBP_BYTES_PER_PIXEL);
        assertThat(cost.subsamplingWithin(TARGET, POD_BUDGET)).isEmpty();
        assertThat(DecodeCost.of(ImageFormat.WEBP, bomb, 1024, 1024, 10).subsamplingWithin(TARGET, POD_BUDGET))
                .hasValue(1);
    }

    @Test
    void aLossyWebpWithAlphaIsChargedItsFrameAndItsAlphaRaster() {
        byte[] webp = HostileImages.fixture("alpha-64x48-lossy.webp");
        DecodeCost cost = DecodeCost.of(ImageFormat.WEBP, webp, 64, 48, 10);

        assertThat(cost.wholeImageBytes()).isEqualTo(64L * 48
                * (DecodeCost.LOSSY_WEBP_BYTES_PER_PIXEL + DecodeCost.WEBP_ALPHA_BYTES_PER_PIXEL));
    }

    private static int subsampling(int longSide) {
        byte[] jpeg = TestImages.jpeg(16, 16, Color.BLUE);
        return DecodeCost.of(ImageFormat.JPEG, jpeg, longSide, longSide / 2, 10)
                .subsamplingWithin(TARGET, Long.MAX_VALUE).orElseThrow();
    }
}
