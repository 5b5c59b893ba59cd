package dev.visiongateway.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.NoisyImages;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.SecondReplica;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The shared limits and file-id cache against the packaged app, and what they are for: a second replica (the same
 * jar, started here with the same settings) on the same Redis spends from the same budget and reuses the files the
 * first one uploaded.
 */
@QuarkusIntegrationTest
class SharedLimitsIT extends SharedLimitsTest {

    @Test
    void twoReplicasOnOneRedisEnforceOneBudgetAndUploadOnce() throws Exception {
        try (SecondReplica second = SecondReplica.start(router.baseUrl(), new SharedThroughRedis().getConfigOverrides())) {
            String other = second.baseUri();

            // one budget of 4 requests per minute for key "pair", whichever replica counts
            given().header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(200)
                    .header("RateLimit-Remaining", "3");
            given().baseUri(other).header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(200)
                    .header("RateLimit-Remaining", "2");
            given().header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(200)
                    .header("RateLimit-Remaining", "1");
            given().baseUri(other).header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(200)
                    .header("RateLimit-Remaining", "0");
            given().header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(429);
            given().baseUri(other).header("x-api-key", "pair-key").when().get("/v1/models").then().statusCode(429);

            // an image uploaded through one replica is sent by its file id from the other
            String image = TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 23));
            Map<String, Object> request = Map.of("images", List.of(Map.of("url", image)));
            int before = RouterStubs.fileUploads(router).size();
            given().header("x-api-key", "files-key").contentType(ContentType.JSON).body(request)
                    .when().post("/v1/describe")
                    .then().statusCode(200).body("images[0].actions", hasItem("uploaded_as_file"));
            given().baseUri(other).header("x-api-key", "files-key").contentType(ContentType.JSON).body(request)
                    .when().post("/v1/describe")
                    .then().statusCode(200).body("images[0].actions", hasItem("reused_uploaded_file"));
            assertThat(RouterStubs.fileUploads(router)).hasSize(before + 1);
        }
    }
}
