package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every fault a client can make: a 4xx problem naming the field, and no router call. */
@QuarkusTest
class ClientProblemsTest extends RouterTest {

    @Test
    void malformedJson() {
        problem(post("{\"images\": [", "/v1/describe"), 400, "malformed_json")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void missingImages() {
        problem(post("{\"prompt\": \"hi\"}", "/v1/describe"), 400, "invalid_request")
                .body("field", equalTo("images"))
                .body("detail", equalTo("'images' must hold at least one image."));
    }

    @Test
    void emptyImages() {
        problem(post("{\"images\": []}", "/v1/ocr"), 400, "invalid_request").body("field", equalTo("images"));
    }

    @Test
    void invalidMaxTokensNamesTheSnakeCaseField() {
        problem(post(Map.of("images", List.of(Map.of("url", "https://x.example/a.jpg")), "max_tokens", -5),
                "/v1/describe"), 400, "invalid_request")
                .body("field", equalTo("max_tokens"));
    }

    @Test
    void imageWithNeitherUrlNorFileId() {
        problem(post(Map.of("images", List.of(Map.of("detail", "low"))), "/v1/describe"), 400, "invalid_image")
                .body("field", equalTo("images[0]"));
    }

    @Test
    void unknownDetailValue() {
        problem(post("{\"images\": [{\"url\": \"https://x.example/a.jpg\", \"detail\": \"ultra\"}]}", "/v1/describe"),
                400, "invalid_detail")
                .body("field", equalTo("images[0].detail"))
                .body("detail", equalTo("'images[0].detail' must be one of low, high, auto; got 'ultra'."));
    }

    @Test
    void unknownOcrFormat() {
        problem(post("{\"images\": [{\"url\": \"https://x.example/a.jpg\"}], \"format\": \"pdf\"}", "/v1/ocr"),
                400, "invalid_request").body("field", equalTo("format"));
    }

    @Test
    void plainHttpUrl() {
        problem(post(Map.of("images", List.of(Map.of("url", "http://x.example/a.jpg"))), "/v1/describe"), 400,
                "url_not_allowed")
                .body("field", equalTo("images[0].url"))
                .body("detail", containsString("use https"));
    }

    @Test
    void urlWithCredentials() {
        problem(post(Map.of("images", List.of(Map.of("url", "https://user:pw@x.example/a.jpg"))), "/v1/describe"),
                400, "url_not_allowed").body("field", equalTo("images[0].url"));
    }

    @Test
    void otherUrlSchemes() {
        problem(post(Map.of("images", List.of(Map.of("url", "file:///etc/passwd"))), "/v1/describe"), 400,
                "url_not_allowed").body("field", equalTo("images[0].url"));
    }

    @Test
    void urlWithAPortPast65535() {
        problem(post(Map.of("images", List.of(Map.of("url", "https://x.example:70000/a.jpg"))), "/v1/describe"),
                400, "invalid_url")
                .body("field", equalTo("images[0].url"))
                .body("detail", containsString("from 1 to 65535"));
    }

    @Test
    void dataUrlWithBadBase64() {
        problem(post(Map.of("images", List.of(Map.of("url", "https://x.example/a.jpg"),
                Map.of("url", "data:image/png;base64,iVBOR*w0KGgo"))), "/v1/describe"), 400, "invalid_data_url")
                .body("field", equalTo("images[1].url"))
                .body("detail", containsString("not valid base64"));
    }

    @Test
    void dataUrlThatIsNotBase64() {
        problem(post(Map.of("images", List.of(Map.of("url", "data:image/png,rawbytes"))), "/v1/describe"), 400,
                "invalid_data_url");
    }

    @Test
    void dataUrlOfANonImageType() {
        problem(post(Map.of("images", List.of(Map.of("url", "data:text/html;base64,PGgxPmhpPC9oMT4="))),
                "/v1/describe"), 400, "invalid_data_url").body("detail", containsString("'text/html'"));
    }

    @Test
    void dataUrlWithControlCharactersInItsType() {
        byte[] jpeg = TestImages.jpeg(20, 20, java.awt.Color.RED);
        for (String type : List.of("image/png\r\nX-Injected: yes", "image/png\u001b[31m", "image/pñg")) {
            problem(post(Map.of("images", List.of(Map.of("url", TestImages.dataUrl(type, jpeg)))), "/v1/describe"),
                    400, "invalid_data_url")
                    .body("field", equalTo("images[0].url"))
                    .body("detail", containsString("control or non-ASCII characters"));
        }
    }

    @Test
    void dataUrlOfAFormatNotAccepted() {
        byte[] tiff = { 'I', 'I', 0x2A, 0x00, 8, 0, 0, 0, 0, 0 };
        problem(post(Map.of("images", List.of(Map.of("url", TestImages.dataUrl("image/png", tiff)))), "/v1/describe"),
                415, "unsupported_format")
                .body("detail", equalTo("The image is TIFF; send JPEG, PNG, WebP, GIF or BMP."))
                .body("field", equalTo("images[0].url"));
    }

    @Test
    void dataUrlOfUnknownBytes() {
        problem(post(Map.of("images", List.of(Map.of("url", TestImages.dataUrl("image/png", "hello world".getBytes())))),
                "/v1/describe"), 415, "unsupported_format");
    }

    @Test
    void truncatedPng() {
        byte[] png = TestImages.png(100, 100, java.awt.Color.GREEN);
        byte[] truncated = java.util.Arrays.copyOf(png, 12);
        problem(post(Map.of("images", List.of(Map.of("url", TestImages.dataUrl("image/png", truncated)))),
                "/v1/describe"), 400, "invalid_image").body("detail", containsString("truncated"));
    }

    @Test
    void fileIdWithANonImageMimeType() {
        problem(post(Map.of("images", List.of(Map.of("file_id", "file_1", "mime_type", "application/pdf"))),
                "/v1/describe"), 415, "unsupported_format").body("field", equalTo("images[0].mime_type"));
    }

    @Test
    void fileIdThatIsNoFileId() {
        for (String id : List.of("../../v1/files", "file abc", "file-1\r\nx", "f".repeat(129), "file-ü")) {
            problem(post(Map.of("images", List.of(Map.of("url", "https://x.example/a.jpg"), Map.of("file_id", id))),
                    "/v1/describe"), 400, "invalid_request")
                    .body("field", equalTo("images[1].file_id"));
        }
    }

    @Test
    void unknownModelNamesCloseMatches() {
        problem(post(Map.of("model", "google/gemini-2.5-flsh", "images", List.of(Map.of("url", "https://x.example/a.jpg"))),
                "/v1/describe"), 400, "unknown_model")
                .body("field", equalTo("model"))
                .body("detail", equalTo(
                        "Model 'google/gemini-2.5-flsh' is not in the catalog. Did you mean: google/gemini-2.5-flash?"));
    }

    @Test
    void modelThatDoesNotTakeImages() {
        problem(post(Map.of("model", "meta/llama-3-8b", "images", List.of(Map.of("url", "https://x.example/a.jpg"))),
                "/v1/describe"), 400, "model_not_vision")
                .body("field", equalTo("model"))
                .body("detail", containsString("does not take images"));
    }

    @Test
    void wrongContentType() {
        problem(given().contentType(ContentType.TEXT).body("hello").when().post("/v1/describe").then(), 415,
                "unsupported_media_type");
    }

    private ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        assertThat(RouterStubs.chatRequests(router)).as("no router call for a client fault").isEmpty();
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("type", equalTo("about:blank"));
    }

    private static ValidatableResponse post(Object body, String path) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }
}
