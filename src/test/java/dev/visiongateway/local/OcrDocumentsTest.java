package dev.visiongateway.local;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.support.Documents;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.SentImages;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * OCR of real kinds of documents ({@link Documents}): {@code local/ocr} reads their lines in reading order, and a
 * page far taller than wide goes to the router as tiles at full size, from which Tesseract reads it too.
 */
@QuarkusTest
class OcrDocumentsTest extends RouterTest {

    private static final Logger LOG = Logger.getLogger(OcrDocumentsTest.class);

    /** The share of a document's lines that must be found in order, and read exactly. */
    private static final double LINES_IN_ORDER = 0.95;
    private static final double LINES_EXACT = 0.9;
    /**
     * Characters a line found in order may differ by. Measured (Tesseract 5.3, eng): every line of every document
     * in order; exact, all but one line of the table ("Q1" read as "Ql", by the LSTM of tessdata_best too) from
     * {@code local/ocr}, and of the screenshot from what the router is sent (its button's white label).
     */
    private static final int GLYPH_ERRORS = 2;

    @Test
    void localOcrReadsTheLinesOfEveryDocumentInReadingOrder() {
        StringBuilder table = new StringBuilder();
        for (Documents.Document document : Documents.all()) {
            String text = ocr("local/ocr", document.png()).statusCode(200)
                    .body("model", equalTo("local/ocr"))
                    .extract().path("text");
            double exact = Documents.linesReadInOrder(document.lines(), text);
            double inOrder = row(table, document, text);
            assertThat(inOrder).as("%s in order, read as:%n%s", document.name(), text)
                    .isGreaterThanOrEqualTo(LINES_IN_ORDER);
            assertThat(exact).as("%s exactly, read as:%n%s", document.name(), text)
                    .isGreaterThanOrEqualTo(LINES_EXACT);
        }
        LOG.infof("local/ocr on the document set:%s", table);
    }

    @Test
    void aTallReceiptGoesToTheRouterAsFullSizeTilesThatTesseractReads() {
        Documents.Document receipt = Documents.receipt();
        JsonPath answer = ocr(null, receipt.png()).statusCode(200)
                .body("images", hasSize(3))
                .extract().jsonPath();

        for (int i = 0; i < 3; i++) {
            Map<String, Object> image = answer.getMap("images[" + i + "]");
            assertThat(image.get("index")).isEqualTo(0);
            assertThat(answer.getInt("images[" + i + "].tile.number")).isEqualTo(i + 1);
            assertThat(answer.getInt("images[" + i + "].tile.count")).isEqualTo(3);
            assertThat(answer.getInt("images[" + i + "].width")).isEqualTo(760);
            assertThat(answer.getInt("images[" + i + "].height")).isEqualTo(2048);
            assertThat(answer.getList("images[" + i + "].actions", String.class)).contains("tiled_for_ocr");
        }
        assertThat(answer.getInt("images[2].tile.y") + answer.getInt("images[2].tile.height")).isEqualTo(5480);
        JsonNode parts = RouterStubs.lastChatRequest(router).path("messages").get(0).path("content");
        assertThat(parts.get(0).path("text").asText()).contains("image 1 as pictures 1 to 3",
                "transcribe each line once");

        List<byte[]> sent = SentImages.of(router);
        assertThat(sent).hasSize(3);
        String read = sent.stream().map(OcrDocumentsTest::tesseract).collect(Collectors.joining("\n"));
        double share = Documents.linesReadInOrder(receipt.lines(), read);
        LOG.infof("Tesseract on the receipt's tiles sent to the router: %.1f%% of %d lines in order", 100 * share,
                receipt.lines().size());
        assertThat(share).isGreaterThanOrEqualTo(LINES_IN_ORDER);
    }

    @Test
    void tesseractReadsTheImagesTheRouterIsSentForEveryDocument() {
        StringBuilder table = new StringBuilder();
        for (Documents.Document document : Documents.all()) {
            ocr(null, document.png()).statusCode(200);
            String read = SentImages.of(router).stream().map(OcrDocumentsTest::tesseract)
                    .collect(Collectors.joining("\n"));
            double inOrder = row(table, document, read);
            // light text on dark grounds is not inverted for a vision model, which reads it: Tesseract misses the
            // screenshot's button label
            assertThat(inOrder).as("%s in order, read as:%n%s", document.name(), read)
                    .isGreaterThanOrEqualTo(LINES_EXACT);
        }
        LOG.infof("Tesseract on the images sent to the router:%s", table);
    }

    @Test
    void describeStillShrinksTheWholeReceiptIntoOneImage() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.dataUrl("image/png",
                        Documents.receipt().png())))))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("images", hasSize(1))
                .body("images[0].height", org.hamcrest.Matchers.lessThanOrEqualTo(2048))
                .body("images[0].tile", equalTo(null));
    }

    @Test
    void thePagesOfTheOtherDocumentsGoWholeAsBefore() {
        for (Documents.Document document : List.of(Documents.twoColumnPage(), Documents.screenshot())) {
            ocr(null, document.png()).statusCode(200).body("images", hasSize(1))
                    .body("images[0].tile", equalTo(null));
        }
    }

    @Test
    void aPageTooLongForTheTileLimitIsRefusedWithTheLimitNamed() {
        byte[] strip = TestImages.png(200, 30_000, java.awt.Color.WHITE);
        ocr(null, strip).statusCode(413)
                .body("code", equalTo("too_many_tiles"))
                .body("field", equalTo("images[0].url"))
                .body("detail", org.hamcrest.Matchers.containsString("gateway.ocr.max-tiles"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    /** Adds the document's line of the measured table; the share of its lines found in order. */
    private static double row(StringBuilder table, Documents.Document document, String read) {
        double exact = Documents.linesReadInOrder(document.lines(), read);
        double inOrder = Documents.linesReadInOrder(document.lines(), read, GLYPH_ERRORS);
        table.append(String.format("%n  %-28s %3d lines: %5.1f%% read exactly in order, %5.1f%% in order",
                document.name(), document.lines().size(), 100 * exact, 100 * inOrder));
        return inOrder;
    }

    @Test
    void theTilesOfARequestsPagesTogetherAreHeldToTheLimit() {
        // a receipt is three tiles: four of them, twelve, are read; five, fifteen, are more than one request sends
        String receipt = TestImages.dataUrl("image/png", Documents.receipt().png());
        given().contentType(ContentType.JSON).body(Map.of("images", java.util.Collections.nCopies(4, Map.of("url",
                receipt)))).when().post("/v1/ocr").then().statusCode(200).body("images", hasSize(12));
        router.resetRequests();
        given().contentType(ContentType.JSON).body(Map.of("images", java.util.Collections.nCopies(5, Map.of("url",
                receipt)))).when().post("/v1/ocr").then().statusCode(413)
                .body("code", equalTo("too_many_tiles"))
                .body("field", equalTo("images"))
                .body("detail", org.hamcrest.Matchers.containsString("15 tiles or more together"))
                .body("detail", org.hamcrest.Matchers.containsString("gateway.ocr.max-tiles"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    private static io.restassured.response.ValidatableResponse ocr(String model, byte[] png) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("images", List.of(Map.of("url", TestImages.dataUrl("image/png", png))));
        if (model != null) {
            body.put("model", model);
        }
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/ocr").then();
    }

    /** What Tesseract reads in an image, in the gateway's reading order. */
    private static String tesseract(byte[] image) {
        try {
            Path input = Files.createTempFile("vg-sent-", ".png");
            try {
                Files.write(input, image);
                Process process = new ProcessBuilder("tesseract", input.toString(), "stdout", "--psm", "6", "--dpi",
                        "300", "-l", "eng", "tsv").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String tsv = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                return TsvReader.read(tsv, 1, "eng").lines().stream().map(OcrText.Line::text)
                        .collect(Collectors.joining("\n"));
            } finally {
                Files.deleteIfExists(input);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
