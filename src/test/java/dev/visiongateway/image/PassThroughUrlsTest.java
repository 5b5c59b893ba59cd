package dev.visiongateway.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * docs/ARCHITECTURE.md rule 4 in {@code pass-through} mode (the test profile's): URLs whose host java.net.URI does not
 * read, an IDN or a name with an underscore, are accepted and reach the router as the client wrote them.
 */
@QuarkusTest
class PassThroughUrlsTest extends RouterTest {

    @Test
    void idnAndUnderscoreHostsAreAccepted() {
        List<String> urls = List.of("https://bücher.example/a.png", "https://img_1.cdn.example:8443/b.png",
                "https://_assets.example.com/c.png");

        given().contentType(ContentType.JSON)
                .body(Map.of("images", urls.stream().map(url -> Map.of("url", url)).toList()))
                .when().post("/v1/describe")
                .then().statusCode(200);

        List<String> sent = RouterStubs.lastChatRequest(router).findValues("url").stream().map(JsonNode::asText)
                .toList();
        assertThat(sent).containsExactlyElementsOf(urls);
    }
}
