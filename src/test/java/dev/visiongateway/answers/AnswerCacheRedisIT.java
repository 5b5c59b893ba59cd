package dev.visiongateway.answers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.SecondReplica;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The answer cache in Redis against the packaged app, and what it is for: an answer one replica stored is given by
 * another (the same jar, started here with the same settings) without asking the router again.
 */
@QuarkusIntegrationTest
class AnswerCacheRedisIT extends AnswerCacheRedisTest {

    @Test
    void twoReplicasShareAnswers() throws Exception {
        byte[] png = TestImages.png(330, 220, Color.DARK_GRAY);
        Map<String, Object> request = Map.of("images", List.of(Map.of("url", TestImages.dataUrl("image/png", png))),
                "prompt", "shared");
        try (SecondReplica second = SecondReplica.start(router.baseUrl(), new InRedis().getConfigOverrides())) {
            describe("ann", request).then().statusCode(200)
                    .header("Cache-Status", "vision-gateway; fwd=miss; stored");
            // the other replica has never seen the image: it prepares it and finds the answer by its content
            given().baseUri(second.baseUri()).header("x-api-key", "ann-key")
                    .multiPart("image", "shared.png", png, "image/png").multiPart("prompt", "shared")
                    .when().post("/v1/describe")
                    .then().statusCode(200)
                    .header("Cache-Status", "vision-gateway; hit")
                    .body("cached", equalTo(true));
            given().baseUri(second.baseUri()).header("x-api-key", "ann-key").contentType(ContentType.JSON).body(request)
                    .when().post("/v1/describe")
                    .then().statusCode(200).header("Cache-Status", "vision-gateway; hit");
        }
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }
}
