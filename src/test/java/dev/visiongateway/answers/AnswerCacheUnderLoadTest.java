package dev.visiongateway.answers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.AnswerCacheOn;
import dev.visiongateway.support.NoisyImages;
import dev.visiongateway.support.PhonePhotos;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The answer cache under concurrency (docs/ARCHITECTURE.md rule 22): eight clients at once send full-size phone
 * photos and data URLs, new and seen before; every request is answered, and each image's question reaches the
 * router once. {@code AnswerCacheUnderLoadIT} runs the same at the pod's heap (-Xmx192m).
 */
@QuarkusTest
@TestProfile(AnswerCacheOn.class)
class AnswerCacheUnderLoadTest extends RouterTest {

    private static final int CLIENTS = 8;
    private static final int ROUNDS = 3;
    private static final int PHOTOS = 4;

    @Test
    void eightClientsAtOnceAreAllAnsweredAndEachQuestionAskedOnce() throws Exception {
        List<String> dataUrls = new ArrayList<>();
        for (int i = 0; i < PHOTOS; i++) {
            dataUrls.add(TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(1024, 768, 40 + i)));
        }
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            // each photo by upload and by data URL, all at once: asked of the router, stored
            answeredAtOnce(clients, dataUrls, 1);
            int asked = RouterStubs.chatRequests(router).size();
            assertThat(asked).isEqualTo(2 * PHOTOS);
            // then the same, twice over, all at once: every one answered from the cache
            List<Response> again = answeredAtOnce(clients, dataUrls, ROUNDS - 1);
            assertThat(again).allSatisfy(response -> assertThat(response.header("Cache-Status"))
                    .isEqualTo("vision-gateway; hit"));
            assertThat(RouterStubs.chatRequests(router)).hasSize(asked);
        } finally {
            clients.shutdownNow();
        }
    }

    /** {@code rounds} of every photo by upload and by data URL, {@link #CLIENTS} at a time; each answered 200. */
    private static List<Response> answeredAtOnce(ExecutorService clients, List<String> dataUrls, int rounds)
            throws Exception {
        List<Future<Response>> answers = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int photo = 0; photo < PHOTOS; photo++) {
                int index = photo;
                answers.add(clients.submit(() -> politely(() -> given().multiPart("image", "IMG_" + index + ".jpg",
                        PhonePhotos.photo(index), "image/jpeg").when().post("/v1/describe"))));
                answers.add(clients.submit(() -> politely(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("images", List.of(Map.of("url", dataUrls.get(index)))))
                        .when().post("/v1/describe"))));
            }
        }
        List<Response> answered = new ArrayList<>();
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
            answered.add(response);
        }
        return answered;
    }

    /**
     * A request sent again, as a client should, while the gateway sheds load: many large bodies at once are a 503
     * with Retry-After (requests_busy), which is not what this test is about.
     */
    private static Response politely(Callable<Response> request) throws Exception {
        for (int attempt = 0;; attempt++) {
            Response response = request.call();
            if (response.statusCode() != 503 || attempt == 30) {
                return response;
            }
            Thread.sleep(1000L * Integer.parseInt(java.util.Objects.requireNonNullElse(response.header("Retry-After"),
                    "1")));
        }
    }
}
