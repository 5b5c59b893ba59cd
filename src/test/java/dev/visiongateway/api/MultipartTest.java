package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.awt.Color;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.image.FetchProfile;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.SentImages;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Browsers post images as multipart forms: repeated 'image' file parts and the other fields as text. */
@QuarkusTest
@TestProfile(FetchProfile.class)
class MultipartTest extends RouterTest {

    @Test
    void comparesUploadedFilesWithFormFields() {
        byte[] first = TestImages.png(300, 200, Color.RED);
        byte[] second = TestImages.jpeg(300, 200, Color.BLUE);

        given().multiPart("image", "first.png", first, "image/png")
                .multiPart("image", "second.jpg", second, "image/jpeg")
                .multiPart("prompt", "Which is warmer?")
                .multiPart("detail", "high")
                .multiPart("model", "openai/gpt-4o")
                .multiPart("max_tokens", "200")
                .when().post("/v1/compare")
                .then().statusCode(200)
                .body("operation", equalTo("compare"))
                .body("images.source", contains("upload", "upload"))
                .body("images.format", contains("PNG", "JPEG"));

        JsonNode sent = RouterStubs.lastChatRequest(router);
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(200);
        JsonNode parts = sent.path("messages").get(0).path("content");
        assertThat(parts.get(0).path("text").asText()).endsWith("Which is warmer?");
        assertThat(parts.get(1).path("image_url").path("detail").asText()).isEqualTo("high");
        assertThat(SentImages.of(router)).hasSize(2);
        assertThat(SentImages.of(router).get(0)).isEqualTo(first);
    }

    @Test
    void streamsAnUploadWhenAsked() {
        router.resetAll();
        given().multiPart("image", "a.png", TestImages.png(50, 50, Color.RED), "image/png")
                .multiPart("stream", "true")
                .when().post("/v1/describe")
                .then().statusCode(502)
                .contentType("application/problem+json");
    }

    @Test
    void formFieldFaultsNameTheField() {
        given().multiPart("image", "a.png", TestImages.png(50, 50, Color.RED), "image/png")
                .multiPart("detail", "ultra")
                .when().post("/v1/describe")
                .then().statusCode(400)
                .body("code", equalTo("invalid_detail"))
                .body("field", equalTo("detail"));

        given().multiPart("prompt", "no image")
                .when().post("/v1/describe")
                .then().statusCode(400)
                .body("field", equalTo("image"));

        given().multiPart("image", "a.txt", "hello".getBytes(), "text/plain")
                .when().post("/v1/describe")
                .then().statusCode(415)
                .body("code", equalTo("unsupported_format"))
                .body("field", equalTo("image[0]"));
    }

    @Test
    void uploadOverTheImageLimitIs413() {
        // a valid JPEG header followed by 1.2 MB: over gateway.uploads.max-file-bytes (1 MB in this profile)
        byte[] big = new byte[1_200_000];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        given().multiPart("image", "big.jpg", big, "image/jpeg")
                .when().post("/v1/describe")
                .then().statusCode(413)
                .body("code", equalTo("image_too_large"))
                .body("field", equalTo("image[0]"))
                .body("detail", containsString("'big.jpg' is 1200000 bytes"))
                .body("detail", containsString("gateway.uploads.max-file-bytes"));
    }

    @Test
    void anUploadOverHttp2IsAnsweredToo() throws Exception {
        String boundary = "over-h2c";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nlocal/vision\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"small.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.writeBytes(TestImages.png(64, 64, java.awt.Color.ORANGE));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // Java's client asks for HTTP/2 by an h2c upgrade, which Quarkus accepts
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/v1/describe"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        for (int i = 0; i < 2; i++) {
            java.net.http.HttpResponse<String> answer = http.send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            org.assertj.core.api.Assertions.assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            org.assertj.core.api.Assertions.assertThat(answer.body()).contains("\"model\":\"local/vision\"");
        }
    }

    @Test
    void aFormWithoutAnyPartIsA400() {
        given().config(io.restassured.RestAssured.config().encoderConfig(io.restassured.config.EncoderConfig
                .encoderConfig().encodeContentTypeAs("multipart/form-data", io.restassured.http.ContentType.TEXT)))
                .contentType("multipart/form-data; boundary=nothing-here").body("--nothing-here--\r\n")
                .when().post("/v1/describe")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("invalid_request"))
                .body("detail", containsString("The form holds no parts"));
    }

    @Test
    void bodyOverTheRequestLimitIsRefusedBeforeItIsRead() {
        given().multiPart("image", "huge.png", new byte[4_000_000], "image/png")
                .when().post("/v1/describe")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("request_too_large"))
                .body("detail", containsString("forms may be at most 3 MB (gateway.uploads.max-request-bytes)"));
    }
}
