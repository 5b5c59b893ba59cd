package dev.visiongateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.image.DecodeBudget;
import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageDecoder;
import dev.visiongateway.image.ImageFormat;
import dev.visiongateway.image.ImagePermits;
import dev.visiongateway.image.ImageReport;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.image.TestImageLimits;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.support.HostileImages;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.vision.CompletionChunk;
import dev.visiongateway.vision.VisionCall;
import dev.visiongateway.vision.VisionOperation;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

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
    void aClientThatLeavesDuringADecodeLeavesNoShareBehind() throws Exception {
        TestLocalConfig config = TestLocalConfig.with("/nonexistent/tesseract", Duration.ofSeconds(5));
        LocalBackend backend = new LocalBackend(new TesseractOcr(config), config, new ObjectMapper(), decoder, permits,
                limits);
        byte[] large = TestImages.png(2400, 2000, Color.BLUE);
        VisionCall compare = new VisionCall("vg-test", VisionOperation.COMPARE, LocalModels.VISION, "compare", null, null,
                List.of(), List.of(), List.of(bytes(0, large), bytes(1, large)), null);

        for (int attempt = 0; attempt < 5; attempt++) {
            AssertSubscriber<CompletionChunk> client = backend.stream(compare)
                    .subscribe().withSubscriber(AssertSubscriber.create(10));
            // the client goes away while the first image is being decoded on a worker
            Thread.sleep(5 + attempt * 10L);
            client.cancel();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(budget.reserved()).isZero());
    }

    private static PreparedImage bytes(int index, byte[] png) {
        return new PreparedImage(ImageReport.reference(index, "data", "data"),
                new ImageContent.Bytes(png, ImageFormat.PNG), null);
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
