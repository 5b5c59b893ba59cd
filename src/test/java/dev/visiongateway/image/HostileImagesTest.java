package dev.visiongateway.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.visiongateway.support.HostileImages;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * docs/ARCHITECTURE.md rules 5 and 13, against the inputs of issue 11's review: WebP bombs, images whose decode
 * used to exhaust the heap, and many large uploads at once. {@link HostileImagesIT} runs the same tests against
 * the packaged app with the pod's heap (-Xmx192m) and checks its peak RSS.
 */
@QuarkusTest
// the timed tests first, before the heavy ones fill the test JVM's heap (a @QuarkusTest shares it with the app)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileImagesTest extends RouterTest {

    private final ExecutorService clients = Executors.newFixedThreadPool(18);

    /**
     * How soon a bomb must be refused. Here the app shares this JVM's large heap, so its budget lets the WebP
     * decoder start (and allocate) before its input stops it, and the test's own garbage shares the collector:
     * the pod's two seconds are proven by {@link HostileImagesIT}, against the jar with the pod's heap.
     */
    Duration bombRefusedWithin() {
        return Duration.ofSeconds(5);
    }

    /** How soon a normal image must be answered while bombs arrive; one second in the pod. */
    Duration normalAnsweredWithin() {
        return Duration.ofSeconds(3);
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdownNow();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @BeforeEach
    void warmUpTheWebpReader() {
        // the first WebP, and the first refusal, after start load and compile their code: not what a bomb costs
        describe(HostileImages.fixture("graphic-64x48-lossless.webp"), "image/webp").then().statusCode(200);
        describe(HostileImages.losslessWebpBomb(64, 64), "image/webp").then().statusCode(400);
    }

    @Test
    @Order(1)
    void theWebpBombOfTheReviewIsRefusedAtOnce() {
        long started = System.nanoTime();
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", HostileImages.WEBP_BOMB_DATA_URL))))
                .when().post("/v1/describe")
                .then().statusCode(anyOf(equalTo(400), equalTo(413)))
                .contentType("application/problem+json")
                // 413 where the intake passes the decode budget's refusal through, else 400
                .body("code", anyOf(equalTo("invalid_image"), equalTo("image_too_large")))
                .body("field", equalTo("images[0].url"));
        assertThat(elapsedSince(started)).isLessThan(bombRefusedWithin());
    }

    @Test
    @Order(2)
    void generatedWebpBombsAreRefusedAtOnce() {
        for (int side : new int[] { 1024, 5000, 7000 }) {
            long started = System.nanoTime();
            Response answer = describe(HostileImages.losslessWebpBomb(side, side), "image/webp");
            assertThat(answer.statusCode()).as("%d px", side).isBetween(400, 499);
            assertThat(answer.jsonPath().getString("field")).isEqualTo("images[0].url");
            assertThat(elapsedSince(started)).as("%d px", side).isLessThan(bombRefusedWithin());
        }
    }

    @Test
    @Order(3)
    void normalImagesKeepAnsweringWhileTwoClientsSendBombs() throws Exception {
        AtomicBoolean bombing = new AtomicBoolean(true);
        List<Future<List<Integer>>> bombers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            bombers.add(clients.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                while (bombing.get()) {
                    statuses.add(describe(HostileImages.losslessWebpBomb(5000, 5000), "image/webp").statusCode());
                }
                return statuses;
            }));
        }
        byte[] normal = HostileImages.encode(HostileImages.photo(800, 600, BufferedImage.TYPE_INT_ARGB), "png");
        try {
            for (int i = 0; i < 8; i++) {
                long started = System.nanoTime();
                describe(normal, "image/png").then().statusCode(200);
                assertThat(elapsedSince(started)).as("request %d", i).isLessThan(normalAnsweredWithin());
            }
        } finally {
            bombing.set(false);
        }
        for (Future<List<Integer>> bomber : bombers) {
            assertThat(bomber.get(30, TimeUnit.SECONDS)).isNotEmpty().allMatch(status -> status >= 400 && status < 500);
        }
    }

    @Test
    @Order(4)
    void aSixteenBitRgbaPngAt4095PxIsDecodedWithinTheBudget() {
        describe(HostileImages.png16(4095, 4095), "image/png").then().statusCode(200)
                .body("images[0].original.width", equalTo(4095))
                .body("images[0].width", lessThanOrEqualTo(2048));
    }

    @Test
    @Order(5)
    void twoRotated4095PxJpegsAtOnceBothAnswer() throws Exception {
        byte[] rotated = HostileImages.withExifOrientation(
                HostileImages.jpeg(HostileImages.photo(4095, 4095, BufferedImage.TYPE_INT_RGB), false), 6);
        List<Future<Response>> answers = List.of(clients.submit(() -> describe(rotated, "image/jpeg")),
                clients.submit(() -> describe(rotated, "image/jpeg")));
        for (Future<Response> answer : answers) {
            answer.get(60, TimeUnit.SECONDS).then().statusCode(200)
                    .body("images[0].width", lessThanOrEqualTo(2048));
        }
    }

    @Test
    @Order(6)
    void twoProgressive7000PxJpegsAtOnceAreDecodedOrRefusedNeverAFailure() throws Exception {
        byte[] progressive = HostileImages.progressiveJpeg(7000, 7000);
        List<Future<Response>> answers = List.of(clients.submit(() -> describe(progressive, "image/jpeg")),
                clients.submit(() -> describe(progressive, "image/jpeg")));
        for (Future<Response> answer : answers) {
            Response response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body().asString()).isIn(200, 400, 413, 503);
        }
    }

    @Test
    @Order(7)
    void sixteenConcurrentFiveMegabyteUploadsAnswer200Or503() throws Exception {
        byte[] png = HostileImages.encode(HostileImages.noise(1300, 1300), "png");
        byte[] jpeg = HostileImages.jpeg(HostileImages.noise(3300, 2500), false);
        assertThat(png.length).isGreaterThan(5_000_000);
        assertThat(jpeg.length).isGreaterThan(4_900_000);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            boolean asPng = i % 2 == 0;
            answers.add(clients.submit(() -> given()
                    .multiPart("image", asPng ? "noise.png" : "photo.jpg", asPng ? png : jpeg,
                            asPng ? "image/png" : "image/jpeg")
                    .when().post("/v1/describe")));
        }
        int ok = 0;
        for (Future<Response> future : answers) {
            Response answer = future.get(120, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body().asString()).isIn(200, 503);
            if (answer.statusCode() == 503) {
                // images_busy: the decode budget; requests_busy: the upload budget, which charges an upload sent
                // chunked (as this client does) at the body limit
                assertThat(answer.jsonPath().getString("code")).isIn("images_busy", "requests_busy");
                assertThat(answer.header("Retry-After")).isNotBlank();
            } else {
                ok++;
            }
        }
        assertThat(ok).isPositive();
        // and the gateway answers normally afterwards
        describe(TestImages.png(300, 200, Color.RED), "image/png").then().statusCode(200);
    }

    static Response describe(byte[] image, String type) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.dataUrl(type, image)))))
                .when().post("/v1/describe");
    }

    static Duration elapsedSince(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
