package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

/** Light text on dark grounds is turned dark on light for Tesseract (docs/ARCHITECTURE.md rule 21). */
class OcrPreprocessorTest {

    @Test
    void whiteTextOnABlueButtonBecomesDarkTextOnLightAndThePageAroundItStaysWhite() {
        BufferedImage page = page();
        Graphics2D graphics = text(page);
        graphics.setColor(new Color(0x1A, 0x73, 0xE8));
        graphics.fillRoundRect(200, 100, 240, 60, 10, 10);
        graphics.setColor(Color.WHITE);
        graphics.drawString("Save changes", 230, 140);
        graphics.dispose();

        BufferedImage prepared = OcrPreprocessor.darkOnLight(page);

        assertThat(luma(prepared, 210, 105)).as("the button's ground").isGreaterThan(200);
        assertThat(darkPixels(prepared, 230, 115, 200, 30)).as("its label, now dark").isGreaterThan(200);
        assertThat(luma(prepared, 100, 100)).as("the page beside it").isGreaterThan(200);
        assertThat(darkPixels(prepared, 190, 90, 260, 8)).as("no outline above the button").isZero();
    }

    @Test
    void darkTextOnPaperEvenBoldAndLargeIsLeftAsItIs() {
        BufferedImage page = page();
        Graphics2D graphics = text(page);
        graphics.setColor(Color.BLACK);
        graphics.setFont(new Font("DejaVu Sans", Font.BOLD, 64));
        graphics.drawString("Annual Report", 40, 120);
        graphics.setFont(new Font("DejaVu Serif", Font.PLAIN, 22));
        graphics.drawString("The committee met on Tuesday to review the budget.", 40, 200);
        graphics.dispose();

        BufferedImage plain = OcrPreprocessor.prepare(page, 4096, 1);
        BufferedImage prepared = OcrPreprocessor.darkOnLight(page);

        assertThat(darkPixels(prepared, 0, 0, 800, 300)).isEqualTo(darkPixels(plain, 0, 0, 800, 300));
    }

    @Test
    void aDarkThemeIsTurnedToPaperWhole() {
        BufferedImage page = new BufferedImage(800, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = text(page);
        graphics.setColor(new Color(0x20, 0x21, 0x24));
        graphics.fillRect(0, 0, 800, 300);
        graphics.setColor(new Color(0xE8, 0xEA, 0xED));
        for (int line = 0; line < 6; line++) {
            graphics.drawString("Line " + line + " of light text on a dark theme", 40, 60 + 40 * line);
        }
        graphics.dispose();

        BufferedImage prepared = OcrPreprocessor.darkOnLight(page);

        assertThat(luma(prepared, 10, 10)).isGreaterThan(200);
        assertThat(luma(prepared, 790, 290)).isGreaterThan(200);
        assertThat(darkPixels(prepared, 40, 40, 500, 30)).isGreaterThan(300);
    }

    private static BufferedImage page() {
        BufferedImage page = new BufferedImage(800, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = page.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, 800, 300);
        graphics.dispose();
        return page;
    }

    private static Graphics2D text(BufferedImage image) {
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setFont(new Font("DejaVu Sans", Font.PLAIN, 22));
        return graphics;
    }

    private static int luma(BufferedImage gray, int x, int y) {
        return gray.getRaster().getSample(x, y, 0);
    }

    private static int darkPixels(BufferedImage gray, int left, int top, int width, int height) {
        int dark = 0;
        for (int y = top; y < top + height; y++) {
            for (int x = left; x < left + width; x++) {
                dark += luma(gray, x, y) < 110 ? 1 : 0;
            }
        }
        return dark;
    }
}
