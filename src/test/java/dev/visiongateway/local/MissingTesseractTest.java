package dev.visiongateway.local;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.SceneImages;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.support.TextImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Without the Tesseract binary, OCR says how to install it (never a made-up answer); describe still measures. */
@QuarkusTest
@TestProfile(MissingTesseractTest.NoTesseract.class)
class MissingTesseractTest {

    public static class NoTesseract implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.local.tesseract-path", "/nonexistent/bin/tesseract");
        }
    }

    private static final String IMAGE = TestImages.dataUrl("image/png",
            TextImages.png(SceneImages.filled(64, 48, Color.GREEN)));

    @Test
    void ocrAnswers503SayingHowToInstallTesseract() {
        for (boolean stream : List.of(false, true)) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("images", List.of(Map.of("url", IMAGE)), "stream", stream))
                    .when().post("/v1/ocr")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("code", equalTo("ocr_engine_missing"))
                    .body("detail", containsString("sudo apt-get install -y tesseract-ocr tesseract-ocr-eng"))
                    .body("detail", containsString("gateway.local.tesseract-path"));
        }
    }

    @Test
    void describeStillAnswersAndSaysTheTextWasNotRead() {
        given().contentType(ContentType.JSON).body(Map.of("images", List.of(Map.of("url", IMAGE))))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("text", containsString("It is almost entirely green"))
                .body("text", containsString("Its text was not read: Tesseract is not installed."));
    }
}
