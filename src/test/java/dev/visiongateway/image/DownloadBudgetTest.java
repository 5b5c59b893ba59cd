package dev.visiongateway.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * docs/ARCHITECTURE.md rule 4: downloads are bounded. One request downloads a few images at a time, all requests
 * together hold at most the download budget, and every byte taken from it is given back.
 */
@QuarkusTest
@TestProfile(DownloadBudgetTest.SmallBudget.class)
class DownloadBudgetTest extends RouterTest {

    public static class SmallBudget extends FetchProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("gateway.fetch.parallel-per-request", "2");
            config.put("gateway.fetch.in-flight-bytes", "1500000");
            config.put("gateway.fetch.total-timeout", "10s");
            return config;
        }
    }

    private static HttpServer images;
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger mostAtOnce = new AtomicInteger();
    private static final byte[] PHOTO = TestImages.jpeg(640, 480, Color.CYAN);
    private static final byte[] LARGE = new byte[900_000];

    @BeforeAll
    static void startImageServer() throws IOException {
        images = HttpServer.create(new InetSocketAddress(FetchProfile.IMAGE_HOST, 0), 64);
        images.setExecutor(Executors.newCachedThreadPool());
        // a photo sent slowly, so that downloads overlap when they may
        images.createContext("/slow.jpg", exchange -> {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                pause(200);
                exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, PHOTO.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(PHOTO);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
        // 900 KB in two halves with a pause between: its first half is held while the second is awaited
        images.createContext("/large.jpg", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, LARGE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(LARGE, 0, LARGE.length / 2);
                out.flush();
                pause(500);
                out.write(LARGE, LARGE.length / 2, LARGE.length - LARGE.length / 2);
            } catch (IOException gatewayHungUp) {
                // the gateway gave up on this download
            }
        });
        images.start();
        LARGE[0] = (byte) 0xFF;
        LARGE[1] = (byte) 0xD8;
        LARGE[2] = (byte) 0xFF;
    }

    @AfterAll
    static void stopImageServer() {
        images.stop(0);
    }

    @Test
    void oneRequestDownloadsAtMostTheConfiguredNumberAtOnce() {
        mostAtOnce.set(0);
        List<Map<String, String>> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(Map.of("url", url("/slow.jpg?n=" + i)));
        }
        given().contentType(ContentType.JSON).body(Map.of("images", six))
                .when().post("/v1/describe")
                .then().statusCode(200);

        assertThat(mostAtOnce.get()).isEqualTo(2);
        assertThat(budget().held()).isZero();
    }

    @Test
    void downloadsBeyondTheBudgetAre503AndEveryByteIsGivenBack() throws Exception {
        List<CompletableFuture<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("images", List.of(Map.of("url", url("/large.jpg?a")), Map.of("url", url("/large.jpg?b")))))
                    .when().post("/v1/describe")));
        }
        List<Response> done = new ArrayList<>();
        for (CompletableFuture<Response> answer : answers) {
            done.add(answer.get(30, TimeUnit.SECONDS));
        }

        // six downloads of 900 KB against 1.5 MB: some must be refused, none may fail otherwise
        assertThat(done).extracting(Response::statusCode).contains(503).allMatch(status -> status == 503 || status == 400);
        Response busy = done.stream().filter(answer -> answer.statusCode() == 503).findFirst().orElseThrow();
        assertThat(busy.jsonPath().getString("code")).isEqualTo("images_busy");
        assertThat(busy.getHeader("Retry-After")).isNotBlank();
        Awaitility.await().untilAsserted(() -> assertThat(budget().held()).isZero());
    }

    private static DownloadBudget budget() {
        return Arc.container().instance(DownloadBudget.class).get();
    }

    private static String url(String path) {
        return "http://" + FetchProfile.IMAGE_HOST + ":" + images.getAddress().getPort() + path;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
