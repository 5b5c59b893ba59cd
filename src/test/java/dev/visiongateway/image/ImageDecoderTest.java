package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.support.HostileImages;

/**
 * docs/ARCHITECTURE.md rules 5 and 13: a decode ends when its data ends or its deadline passes, and holds its
 * estimate of the budget until its pixels are dropped. Plain JUnit with the pod's budget (~96 MB).
 */
class ImageDecoderTest {

    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(2);

    private final DecodeBudget budget = new DecodeBudget(96_468_992);

    @Test
    void theWebpBombFromTheReviewIsRefusedAtOnceEvenWithHeapToSpare() {
        String url = HostileImages.WEBP_BOMB_DATA_URL;
        byte[] bomb = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));

        assertEndsEarly(bomb);
    }

    @ParameterizedTest
    @ValueSource(ints = { 1024, 2500, 5000 })
    void losslessWebpsWhoseDataEndsEarlyAreRefusedAtOnce(int side) {
        assertEndsEarly(HostileImages.losslessWebpBomb(side, side));
    }

    @ParameterizedTest
    @ValueSource(ints = { 5000, 7000 })
    void aLosslessWebpTooLargeForThePodIsRefusedBeforeAnyPixelIsRead(int side) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> decoder(Duration.ofSeconds(10)).decode(HostileImages.losslessWebpBomb(side, side),
                ImageFormat.WEBP, 2048, 10, Duration.ZERO, "images[0]"))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(413);
                    assertThat(problem.code().id()).isEqualTo("image_too_large");
                    assertThat(problem.field()).isEqualTo("images[0]");
                    assertThat(problem.getMessage()).contains(side + " x " + side + " WEBP", "MB");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REFUSED_WITHIN);
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aDecodeStillRunningAtItsDeadlineIsStopped() {
        byte[] progressive = HostileImages.progressiveJpeg(4000, 3000);
        long started = System.nanoTime();

        assertThatThrownBy(() -> decoder(Duration.ofMillis(100)).decode(progressive, ImageFormat.JPEG, 4000, 10,
                Duration.ZERO, null)).isInstanceOf(IOException.class).hasMessageContaining("deadline");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void realWebpsStillDecode() throws IOException {
        for (String name : new String[] { "photo-64x48.webp", "graphic-64x48-lossless.webp", "alpha-64x48-lossy.webp" }) {
            try (ImageDecoder.Decoded decoded = decoder(Duration.ofSeconds(10)).decode(HostileImages.fixture(name),
                    ImageFormat.WEBP, 2048, 10, Duration.ZERO, null)) {
                assertThat(decoded.image().getWidth()).as(name).isEqualTo(64);
                assertThat(decoded.image().getHeight()).as(name).isEqualTo(48);
            }
        }
    }

    @Test
    void theDecodedImageHoldsItsEstimateUntilClosed() throws IOException {
        byte[] jpeg = HostileImages.jpeg(HostileImages.photo(3000, 2000, BufferedImage.TYPE_INT_RGB), false);

        ImageDecoder.Decoded decoded = decoder(Duration.ofSeconds(10)).decode(jpeg, ImageFormat.JPEG, 2048, 10,
                Duration.ZERO, null);
        assertThat(decoded.subsampling()).isEqualTo(2);
        assertThat(decoded.image().getWidth()).isEqualTo(1500);
        assertThat(budget.reserved()).isEqualTo(decoded.reservation().bytes()).isPositive();

        decoded.close();
        decoded.close();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aDecodeThatCannotHaveItsBytesInTimeIs503() throws Exception {
        byte[] jpeg = HostileImages.jpeg(HostileImages.photo(3000, 2000, BufferedImage.TYPE_INT_RGB), false);
        try (DecodeBudget.Reservation taken = budget.reserve(budget.capacity() - 1_000_000, Duration.ZERO)
                .orElseThrow()) {
            assertThatThrownBy(() -> decoder(Duration.ofSeconds(10)).decode(jpeg, ImageFormat.JPEG, 2048, 10,
                    Duration.ofMillis(50), null))
                    .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(503);
                        assertThat(problem.code().id()).isEqualTo("images_busy");
                        assertThat(problem.retryAfter()).isPresent();
                    });
        }
        assertThat(budget.reserved()).isZero();
    }

    /** With a budget that lets the decoder start, as a larger heap would: its input stops it. */
    private static void assertEndsEarly(byte[] bomb) {
        DecodeBudget roomy = new DecodeBudget(2_000_000_000L);
        ImageDecoder decoder = new ImageDecoder(new TestImageLimits(20_000_000, 2, Duration.ofSeconds(1)), roomy);
        long started = System.nanoTime();
        assertThatThrownBy(() -> decoder.decode(bomb, ImageFormat.WEBP, 2048, 10, Duration.ZERO, null))
                .isInstanceOf(IOException.class).hasMessageContaining("ends early");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REFUSED_WITHIN);
        assertThat(roomy.reserved()).isZero();
    }

    private ImageDecoder decoder(Duration decodeTimeout) {
        return new ImageDecoder(new TestImageLimits(20_000_000, 2, Duration.ofSeconds(1), decodeTimeout), budget);
    }
}
