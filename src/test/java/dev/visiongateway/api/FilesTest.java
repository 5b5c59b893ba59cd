package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import java.awt.Color;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.visiongateway.support.FilesProfile;
import dev.visiongateway.support.NoisyImages;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** POST /v1/files: an image checked and normalized, then put into the router's Files API once (rule 9). */
@QuarkusTest
@TestProfile(FilesProfile.class)
class FilesTest extends RouterTest {

    @Test
    void uploadsTheNormalizedImageOnceAndAnswersItsFileId() throws Exception {
        byte[] jpeg = NoisyImages.jpeg(120, 90, 11);

        Response first = given().multiPart("file", "photo.jpg", jpeg, "image/jpeg")
                .when().post("/v1/files")
                .then().statusCode(200)
                .body("id", matchesPattern("file-[A-Za-z0-9]{24}"))
                .body("object", equalTo("file"))
                .body("mime_type", equalTo("image/jpeg"))
                .body("purpose", equalTo("vision"))
                .body("uploaded", equalTo(true))
                .body("bytes", equalTo(jpeg.length))
                .body("sha256", equalTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg))))
                .body("image.source", equalTo("upload"))
                .body("image.sent_as", equalTo("file"))
                .body("image.actions", contains("sent_as_is", "uploaded_as_file"))
                .extract().response();

        assertThat(RouterStubs.fileUploads(router)).hasSize(1);
        LoggedRequest upload = RouterStubs.fileUploads(router).get(0);
        assertThat(upload.getHeader("Authorization")).isEqualTo("Bearer " + dev.visiongateway.support.RouterWireMock.API_KEY);
        assertThat(upload.getPart("purpose").getBody().asString()).isEqualTo("vision");
        assertThat(upload.getPart("file").getBody().asBytes()).isEqualTo(jpeg);
        assertThat(upload.getPart("file").getHeader("Content-Type").firstValue()).isEqualTo("image/jpeg");

        given().multiPart("file", "again.jpg", jpeg, "image/jpeg")
                .when().post("/v1/files")
                .then().statusCode(200)
                .body("id", equalTo(first.path("id")))
                .body("uploaded", equalTo(false))
                .body("image.actions", contains("sent_as_is", "reused_uploaded_file"));
        assertThat(RouterStubs.fileUploads(router)).hasSize(1);
    }

    @Test
    void normalizesBeforeUploading() {
        byte[] large = TestImages.png(3000, 1000, Color.GREEN);

        given().multiPart("file", "wide.png", large, "image/png").multiPart("purpose", "user_data")
                .when().post("/v1/files")
                .then().statusCode(200)
                .body("purpose", equalTo("user_data"))
                .body("image.width", equalTo(1500))
                .body("image.original.width", equalTo(3000));

        byte[] sent = RouterStubs.fileUploads(router).get(0).getPart("file").getBody().asBytes();
        assertThat(dev.visiongateway.support.SentImages.decode(sent).getWidth()).isEqualTo(1500);
        assertThat(RouterStubs.fileUploads(router).get(0).getPart("purpose").getBody().asString())
                .isEqualTo("user_data");
    }

    @Test
    void refusesWhatIsNoImageBeforeUploading() {
        given().multiPart("file", "notes.txt", "just text".getBytes(), "text/plain")
                .when().post("/v1/files")
                .then().statusCode(415)
                .body("code", equalTo("unsupported_format"))
                .body("field", equalTo("file"));
        given().multiPart("purpose", "vision")
                .when().post("/v1/files")
                .then().statusCode(400)
                .body("code", equalTo("invalid_request"))
                .body("field", equalTo("file"));
        given().multiPart("file", "a.png", TestImages.png(10, 10, Color.RED), "image/png")
                .multiPart("purpose", "../../admin")
                .when().post("/v1/files")
                .then().statusCode(400)
                .body("field", equalTo("purpose"));
        assertThat(RouterStubs.fileUploads(router)).isEmpty();
    }

    @Test
    void aRouterFaultOnUploadIsAProblem() {
        router.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/files")).atPriority(1)
                .willReturn(RouterStubs.status(401)));
        given().multiPart("file", "a.png", TestImages.png(12, 10, Color.RED), "image/png")
                .when().post("/v1/files")
                .then().statusCode(502)
                .body("code", equalTo("upstream_auth_failed"))
                .body("detail", startsWith("The router refused the gateway's credentials"));
    }
}
