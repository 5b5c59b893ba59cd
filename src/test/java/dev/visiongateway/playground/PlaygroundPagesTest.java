package dev.visiongateway.playground;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The playground's files and the browser module are served from the app (or the packaged jar: {@code
 * PlaygroundPagesIT}), the page under a Content Security Policy that admits only its own scripts and styles.
 */
@QuarkusTest
class PlaygroundPagesTest {

    @Test
    void servesThePageUnderAContentSecurityPolicy() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("connect-src 'self'"))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<script type=\"module\" src=\"/playground/playground.js\">"));
        given().when().get("/playground/playground.js")
                .then().statusCode(200)
                .contentType(either(startsWith("text/javascript")).or(startsWith("application/javascript")))
                .body(containsString("from '../js/vision-gateway.js'"));
        given().when().get("/playground/playground.css")
                .then().statusCode(200)
                .contentType(startsWith("text/css"));
    }

    @Test
    void servesTheBrowserModuleAsJavaScript() {
        // browsers refuse a module script served under any other type
        given().when().get("/js/vision-gateway.js")
                .then().statusCode(200)
                .contentType(either(startsWith("text/javascript")).or(startsWith("application/javascript")))
                .body(containsString("export function createClient"))
                .body(containsString("export class GatewayError"));
    }
}
