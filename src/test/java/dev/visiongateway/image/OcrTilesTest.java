package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/** When OCR by a router model cuts a page into tiles, and how (docs/ARCHITECTURE.md rule 21). */
class OcrTilesTest {

    @Test
    void aTallReceiptIsCutAtFullSizeIntoOverlappingTilesTopToBottom() {
        OcrTiles tiles = OcrTiles.plan(760, 5480, 2048, 12, 1, "images[0]").orElseThrow();

        assertThat(tiles.scale()).isEqualTo(1.0);
        assertThat(tiles.tiles()).hasSize(3);
        assertThat(tiles.tiles().get(0)).isEqualTo(new OcrTiles.Box(0, 0, 760, 2048));
        assertThat(tiles.tiles().get(2)).isEqualTo(new OcrTiles.Box(0, 5480 - 2048, 760, 2048));
        for (int i = 1; i < tiles.tiles().size(); i++) {
            OcrTiles.Box above = tiles.tiles().get(i - 1);
            int overlap = above.y() + above.height() - tiles.tiles().get(i).y();
            assertThat(overlap).as("overlap of tiles %d and %d", i, i + 1).isGreaterThanOrEqualTo(204);
        }
    }

    @Test
    void aWidePanoramaIsCutLeftToRightAtTheScaleItsHeightNeeds() {
        OcrTiles tiles = OcrTiles.plan(12000, 3000, 2048, 12, 1, "images[0]").orElseThrow();

        assertThat(tiles.scaledHeight()).isEqualTo(2048);
        assertThat(tiles.tiles()).allSatisfy(tile -> {
            assertThat(tile.width()).isEqualTo(2048);
            assertThat(tile.y()).isZero();
        });
        assertThat(tiles.tiles()).hasSize(5);
    }

    @Test
    void photosAndPagesOfOrdinaryShapesAreSentWhole() {
        assertThat(OcrTiles.plan(4000, 3000, 2048, 12, 1, "images[0]")).isEmpty();
        assertThat(OcrTiles.plan(2480, 3508, 2048, 12, 1, "images[0]")).isEmpty();
        assertThat(OcrTiles.plan(1170, 2532, 2048, 12, 1, "images[0]")).isEmpty();
        assertThat(OcrTiles.plan(600, 800, 2048, 12, 1, "images[0]")).isEmpty();
    }

    @Test
    void aPageThatNeedsMoreTilesThanTheLimitIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> OcrTiles.plan(200, 30000, 2048, 12, 2, "images[1]"))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ErrorCode.TOO_MANY_TILES);
                    assertThat(problem.field()).isEqualTo("images[1]");
                    assertThat(problem.getMessage()).contains("Image 2", "200 x 30000", "17 tiles", "12",
                            "gateway.ocr.max-tiles");
                });
    }
}
