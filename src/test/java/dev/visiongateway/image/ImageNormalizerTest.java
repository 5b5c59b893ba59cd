package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.HostileImages;

/** docs/ARCHITECTURE.md rule 6 within rule 13's budget, without Quarkus. */
class ImageNormalizerTest {

    private final TestImageLimits limits = new TestImageLimits(20_000_000, 2, Duration.ofSeconds(1));
    private final DecodeBudget budget = new DecodeBudget(96_468_992);
    private final ImageNormalizer normalizer = new ImageNormalizer(limits, () -> 12, new ImageDecoder(limits, budget));

    @Test
    void aPngTooLargeToSendIsStoppedEarlyAndSentAsJpeg() throws IOException {
        byte[] noise = HostileImages.encode(HostileImages.noise(1300, 1300), "png");

        ImageNormalizer.Normalized normalized = normalize(noise, ImageFormat.PNG);

        assertThat(normalized.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(normalized.bytes().length).isLessThanOrEqualTo(5_000_000);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aRotatedPhotoIsDecodedSubsampledAndTurned() throws IOException {
        byte[] rotated = HostileImages.withExifOrientation(
                HostileImages.jpeg(HostileImages.photo(4095, 3000, BufferedImage.TYPE_INT_RGB), false), 6);

        ImageNormalizer.Normalized normalized = normalize(rotated, ImageFormat.JPEG);

        assertThat(normalized.actions()).contains("decoded_subsampled_1_in_2", "exif_orientation_applied");
        assertThat(normalized.width()).isEqualTo(1500);
        assertThat(normalized.height()).isEqualTo(2048);
        assertThat(budget.reserved()).isZero();
    }

    private ImageNormalizer.Normalized normalize(byte[] bytes, ImageFormat format) throws IOException {
        ImageProbe.Dimensions size = ImageProbe.dimensions(bytes).orElseThrow();
        return normalizer.normalize(bytes, format, size, false);
    }
}
