package dev.visiongateway.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.support.PngChunkWriter;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.SentImages;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** docs/ARCHITECTURE.md rules 3, 5 and 6: every accepted format in, JPEG or PNG out, upright, small and without metadata. */
@QuarkusTest
class ImageIntakeTest extends RouterTest {

    @Test
    void compliantJpegIsSentByteForByte() {
        byte[] jpeg = TestImages.jpeg(800, 600, Color.BLUE);

        describe("image/jpeg", jpeg).statusCode(200)
                .body("images[0].actions", contains("sent_as_is"))
                .body("images[0].format", equalTo("JPEG"))
                .body("images[0].bytes", equalTo(jpeg.length));

        assertThat(SentImages.of(router).get(0)).isEqualTo(jpeg);
    }

    @Test
    void compliantDataUrlIsForwardedAsTheClientsOwnText() {
        byte[] jpeg = TestImages.jpeg(640, 480, Color.ORANGE);
        String dataUrl = TestImages.dataUrl("image/jpeg", jpeg);

        describe("image/jpeg", jpeg).statusCode(200).body("images[0].actions", contains("sent_as_is"));

        assertThat(sentUrls()).containsExactly(dataUrl);
    }

    @Test
    void compliantDataUrlWithAnOddHeaderKeepsItsPayloadUnderTheRightType() {
        byte[] png = TestImages.png(64, 64, Color.MAGENTA);
        String base64 = Base64.getEncoder().encodeToString(png);

        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "DATA:image/x-png;BASE64," + base64))))
                .when().post("/v1/describe")
                .then().statusCode(200).body("images[0].actions", contains("sent_as_is"));

        assertThat(sentUrls()).containsExactly("data:image/png;base64," + base64);
    }

    private List<String> sentUrls() {
        List<String> urls = new java.util.ArrayList<>();
        for (JsonNode message : RouterStubs.lastChatRequest(router).path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (part.has("image_url")) {
                    urls.add(part.path("image_url").path("url").asText());
                }
            }
        }
        return urls;
    }

    @Test
    void largeJpegIsDecodedSubsampledToAtMostTheLongestSideLimit() {
        byte[] jpeg = TestImages.jpeg(4000, 3000, Color.GREEN);

        // subsampling rounds up (rule 5): every second pixel, so 2000 px, never a 4000 px decode shrunk after
        describe("image/jpeg", jpeg).statusCode(200)
                .body("images[0].width", equalTo(2000))
                .body("images[0].height", equalTo(1500))
                .body("images[0].original.width", equalTo(4000))
                .body("images[0].original.height", equalTo(3000))
                .body("images[0].actions", hasItem("decoded_subsampled_1_in_2"));

        BufferedImage sent = SentImages.decode(SentImages.of(router).get(0));
        assertThat(Math.max(sent.getWidth(), sent.getHeight())).isEqualTo(2000);
    }

    @Test
    void gifBmpAndWebpBecomePngOrJpeg() throws IOException {
        byte[] gif = encode(TestImages.png(100, 80, Color.RED), "gif");
        byte[] bmp = encode(TestImages.jpeg(100, 80, Color.RED), "bmp");
        byte[] webp = fixture("photo-64x48.webp");

        given().contentType(ContentType.JSON).body(Map.of("images", List.of(
                Map.of("url", TestImages.dataUrl("image/gif", gif)),
                Map.of("url", TestImages.dataUrl("image/bmp", bmp)),
                Map.of("url", TestImages.dataUrl("image/webp", webp)))))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("images.original.format", contains("GIF", "BMP", "WEBP"))
                .body("images.format", contains("PNG", "PNG", "JPEG"))
                .body("images[2].width", equalTo(64))
                .body("images[2].height", equalTo(48));

        List<byte[]> sent = SentImages.of(router);
        assertThat(SentImages.decode(sent.get(0)).getWidth()).isEqualTo(100);
        assertThat(SentImages.decode(sent.get(2)).getHeight()).isEqualTo(48);
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        describe("image/jpeg", fixture("cmyk-80x60.jpg")).statusCode(200)
                .body("images[0].format", equalTo("JPEG"))
                .body("images[0].width", equalTo(80));

        BufferedImage sent = SentImages.decode(SentImages.of(router).get(0));
        assertThat(sent.getColorModel().getNumColorComponents()).isEqualTo(3);
    }

    @Test
    void exifOrientationIsAppliedAndGpsNeverLeaves() throws IOException {
        byte[] rotated = fixture("exif-rotated-gps-120x80.jpg");
        assertThat(SentImages.metadataDirectories(rotated)).contains("GPS");

        describe("image/jpeg", rotated).statusCode(200)
                .body("images[0].width", equalTo(80))
                .body("images[0].height", equalTo(120))
                .body("images[0].actions", hasItem("exif_orientation_applied"))
                .body("images[0].actions", hasItem("metadata_stripped"));

        byte[] sent = SentImages.of(router).get(0);
        assertThat(SentImages.metadataDirectories(sent)).doesNotContain("GPS", "Exif IFD0", "Exif SubIFD", "XMP");
        BufferedImage upright = SentImages.decode(sent);
        // the red left half of the sideways photo is the top once turned 90 degrees clockwise
        assertThat(new Color(upright.getRGB(40, 10)).getRed()).isGreaterThan(200);
        assertThat(new Color(upright.getRGB(40, 110)).getBlue()).isGreaterThan(200);
    }

    @Test
    void transparentPngStaysPng() {
        describe("image/png", TestImages.png(3000, 1000, new Color(255, 0, 0, 128))).statusCode(200)
                .body("images[0].format", equalTo("PNG"))
                .body("images[0].width", equalTo(1500));
    }

    @Test
    void ocrImagesAreGrayscaledAndUpscaled() {
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.dataUrl("image/png",
                        TestImages.png(400, 100, Color.YELLOW))))))
                .when().post("/v1/ocr")
                .then().statusCode(200)
                .body("images[0].format", equalTo("PNG"))
                .body("images[0].width", equalTo(1600))
                .body("images[0].actions", hasItem("ocr_preprocessed"));

        BufferedImage sent = SentImages.decode(SentImages.of(router).get(0));
        assertThat(sent.getColorModel().getNumColorComponents()).isEqualTo(1);
    }

    @Test
    void decompressionBombIsRefusedFromItsHeader() {
        describe("image/png", pngHeaderOnly(50_000, 50_000)).statusCode(413)
                .body("code", equalTo("image_too_large"))
                .body("field", equalTo("images[0].url"))
                .body("detail", containsString("50000 x 50000 pixels"));
    }

    @Test
    void truncatedJpegIsRefused() {
        byte[] jpeg = TestImages.jpeg(300, 300, Color.BLUE);
        describe("image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2)).statusCode(400)
                .body("code", equalTo("invalid_image"))
                .body("detail", containsString("truncated"));
    }

    @Test
    void jpegWithDataAfterItsEndIsAccepted() {
        byte[] jpeg = TestImages.jpeg(300, 300, Color.BLUE);
        byte[] withTrailer = Arrays.copyOf(jpeg, jpeg.length + 5000);
        // like a phone's motion photo: a video appended after the end-of-image marker
        Arrays.fill(withTrailer, jpeg.length, withTrailer.length, (byte) 0x5A);

        describe("image/jpeg", withTrailer).statusCode(200)
                .body("images[0].original.width", equalTo(300))
                .body("images[0].actions", not(hasItem("sent_as_is")));

        // the trailer is not passed on
        assertThat(SentImages.of(router).get(0).length).isLessThan(jpeg.length + 100);
    }

    @Test
    void aSecondJpegWithGpsAppendedIsNeverSentAsIs() throws IOException {
        byte[] clean = TestImages.jpeg(300, 300, Color.BLUE);
        byte[] withGps = fixture("exif-rotated-gps-120x80.jpg");
        byte[] both = Arrays.copyOf(clean, clean.length + withGps.length);
        System.arraycopy(withGps, 0, both, clean.length, withGps.length);

        describe("image/jpeg", both).statusCode(200)
                .body("images[0].actions", not(hasItem("sent_as_is")));

        byte[] sent = SentImages.of(router).get(0);
        assertThat(SentImages.metadataDirectories(sent)).doesNotContain("GPS");
        assertThat(sent.length).isLessThan(clean.length + 100);
    }

    @Test
    void corruptJpegIsRefused() {
        byte[] jpeg = TestImages.jpeg(300, 300, Color.BLUE);
        byte[] corrupt = jpeg.clone();
        // wreck everything between the headers and the end marker
        Arrays.fill(corrupt, 20, corrupt.length - 2, (byte) 0x00);
        describe("image/jpeg", corrupt).statusCode(400).body("code", equalTo("invalid_image"));
    }

    private ValidatableResponse describe(String type, byte[] bytes) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.dataUrl(type, bytes)))))
                .when().post("/v1/describe").then();
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ImageIntakeTest.class.getResourceAsStream("/images/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] encode(byte[] image, String format) throws IOException {
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(image));
        BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(decoded, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, format, out);
        return out.toByteArray();
    }

    /** A PNG that claims {@code width x height} pixels in a few dozen bytes: a decompression bomb's header. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
        PngChunkWriter.chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8)
                .put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        PngChunkWriter.chunk(out, "IDAT", new byte[] { 0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 });
        PngChunkWriter.chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }
}
