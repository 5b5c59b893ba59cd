package dev.visiongateway.playground;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@code gateway.playground.enabled=false}: the playground's files answer 404; the API and the module stay. */
@QuarkusTest
@TestProfile(PlaygroundDisabledTest.Off.class)
class PlaygroundDisabledTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.playground.enabled", "false");
        }
    }

    @Test
    void thePlaygroundFilesAreNotFound() {
        // answered like any path the gateway does not know: a 404 problem
        String unknownPath = given().when().get("/no-such-page").then().statusCode(404).extract().contentType();
        given().when().get("/").then().statusCode(404).contentType(unknownPath)
                .body("code", equalTo("not_found"))
                .body("detail", equalTo("The playground is turned off on this gateway."));
        for (String path : new String[] { "/", "/index.html", "/playground/playground.js", "/playground/playground.css",
                "/playground/", "/playground" }) {
            given().when().get(path).then().statusCode(404);
            given().when().head(path).then().statusCode(404);
        }
    }

    @Test
    void theModuleAndTheApiStay() {
        given().when().get("/js/vision-gateway.js")
                .then().statusCode(200)
                .body(containsString("export function createClient"));
        given().when().get("/v1/models").then().statusCode(200);
    }
}
