package dev.visiongateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.image.DecodeBudget;
import dev.visiongateway.image.ImageDecoder;
import dev.visiongateway.image.ImagePermits;
import dev.visiongateway.image.TestImageLimits;
import dev.visiongateway.support.HostileImages;
import dev.visiongateway.support.TestImages;

/**
 * docs/ARCHITECTURE.md rule 13 for the offline engine: its decodes take a permit and their share of the same
 * decode budget as the intake's, and keep it while the image waits for Tesseract.
 */
class LocalDecodeBudgetTest {

    private final TestImageLimits limits = new TestImageLimits(20_000_000, 2, Duration.ofMillis(50));
    private final DecodeBudget budget = new DecodeBudget(20_000_000);
    private final ImageDecoder decoder = new ImageDecoder(limits, budget);
    private final ImagePermits permits = new ImagePermits(limits);

    @Test
    void aDecodedImageHoldsItsShareUntilClosed() {
        LocalImage image = LocalImage.decode(1, TestImages.png(400, 300, Color.RED), decoder, permits,
                Duration.ZERO);

        assertThat(image.width()).isEqualTo(400);
        assertThat(budget.reserved()).isPositive();
        image.close();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aDecodeThatCannotHaveItsShareIs503() throws Exception {
        try (DecodeBudget.Reservation all = budget.reserve(budget.capacity(), Duration.ZERO).orElseThrow()) {
            assertThatThrownBy(() -> LocalImage.decode(1, TestImages.png(400, 300, Color.RED), decoder, permits,
                    Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                        assertThat(problem.status()).isEqualTo(503);
                        assertThat(problem.code().id()).isEqualTo("images_busy");
                    });
        }
    }

    @Test
    void anImageTooLargeForTheBudgetIs413NamingIt() {
        assertThatThrownBy(() -> LocalImage.decode(2, HostileImages.losslessWebpBomb(3000, 3000), decoder, permits,
                Duration.ZERO))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(413);
                    assertThat(problem.code().id()).isEqualTo("image_too_large");
                    assertThat(problem.field()).isEqualTo("images[1]");
                });
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void aWebpBombIsRefusedAsInvalid() {
        assertThatThrownBy(() -> LocalImage.decode(1, HostileImages.losslessWebpBomb(1024, 1024), decoder, permits,
                Duration.ZERO))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code().id()).isEqualTo("invalid_image");
                });
        assertThat(budget.reserved()).isZero();
    }
}
