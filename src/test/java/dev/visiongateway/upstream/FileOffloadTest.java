package dev.visiongateway.upstream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.support.FilesProfile;
import dev.visiongateway.support.NoisyImages;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Requests the router would refuse for their size have their largest images sent through the Files API, large
 * images are uploaded once and then sent by file id, and a file id the router forgot is uploaded again once
 * (docs/ARCHITECTURE.md rules 2 and 9). The fake router enforces {@link FilesProfile#BODY_LIMIT} with a 413.
 */
@QuarkusTest
@TestProfile(FilesProfile.class)
class FileOffloadTest extends RouterTest {

    @Test
    void theLargestImagesGoAsFilesUntilTheBodyFits() {
        RouterStubs.bodyLimit(router, FilesProfile.BODY_LIMIT);
        int[] sides = { 400, 520, 300, 500, 450, 500 };
        List<Map<String, Object>> images = new ArrayList<>();
        for (int i = 0; i < sides.length; i++) {
            images.add(Map.of("url", TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(sides[i], sides[i], 100 + i))));
        }

        JsonPath answer = given().contentType(ContentType.JSON).body(Map.of("images", images))
                .when().post("/v1/compare")
                .then().statusCode(200)
                .extract().jsonPath();

        List<Map<String, Object>> reports = answer.getList("images");
        List<Integer> uploaded = new ArrayList<>();
        List<Integer> inline = new ArrayList<>();
        for (Map<String, Object> report : reports) {
            @SuppressWarnings("unchecked")
            List<String> actions = (List<String>) report.get("actions");
            int bytes = (Integer) report.get("bytes");
            if (actions.contains("uploaded_as_file")) {
                assertThat(report.get("sent_as")).isEqualTo("file");
                uploaded.add(bytes);
            } else {
                assertThat(report.get("sent_as")).isEqualTo("data");
                inline.add(bytes);
            }
        }
        assertThat(uploaded).isNotEmpty();
        assertThat(inline).isNotEmpty();
        assertThat(inline.stream().mapToInt(Integer::intValue).max().getAsInt())
                .isLessThanOrEqualTo(uploaded.stream().mapToInt(Integer::intValue).min().getAsInt());
        assertThat(RouterStubs.fileUploads(router)).hasSize(uploaded.size());

        String body = RouterStubs.chatRequests(router).get(0).getBodyAsString();
        assertThat(body.length()).isLessThanOrEqualTo(FilesProfile.BODY_LIMIT);
        List<String> sentParts = new ArrayList<>();
        for (JsonNode part : RouterStubs.lastChatRequest(router).path("messages").get(0).path("content")) {
            sentParts.add(part.path("type").asText());
        }
        assertThat(sentParts.stream().filter("input_file"::equals)).hasSize(uploaded.size());
        assertThat(sentParts.stream().filter("image_url"::equals)).hasSize(inline.size());
    }

    /**
     * Offloading holds one decoded copy per upload at a time: eight such requests at once stay within the pod's heap
     * (FileOffloadIT runs this against the jar at -Xmx192m).
     */
    @Test
    void concurrentOffloadsAllSucceed() throws Exception {
        int requests = 8;
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(requests);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                List<Map<String, Object>> images = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    images.add(Map.of("url", TestImages.dataUrl("image/jpeg",
                            NoisyImages.jpeg(480 + 10 * i, 480, 1000 + 10 * r + i))));
                }
                Map<String, Object> body = Map.of("images", images);
                statuses.add(clients.submit(() -> given().contentType(ContentType.JSON).body(body)
                        .when().post("/v1/compare").then().extract().statusCode()));
            }
            for (java.util.concurrent.Future<Integer> status : statuses) {
                assertThat(status.get(120, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(RouterStubs.chatRequests(router)).hasSize(requests)
                .allSatisfy(request -> assertThat(request.getBody().length).isLessThanOrEqualTo(FilesProfile.BODY_LIMIT));
        assertThat(RouterStubs.fileUploads(router)).hasSizeGreaterThanOrEqualTo(requests);
    }

    @Test
    void aBodyThatCannotFitIs413SayingWhy() {
        Map<String, Object> turn = Map.of("role", "user", "content", "x".repeat(FilesProfile.BODY_LIMIT + 1000));
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.pngDataUrl(20, 20))), "history", List.of(turn)))
                .when().post("/v1/describe")
                .then().statusCode(413)
                .body("code", equalTo("request_too_large"))
                .body("detail", containsString("gateway.router.max-body-bytes"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void aLargeImageIsUploadedOnceThenSentByItsFileId() {
        String image = TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 7));
        Map<String, Object> request = Map.of("images", List.of(Map.of("url", image)));

        given().contentType(ContentType.JSON).body(request)
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("images[0].sent_as", equalTo("file"))
                .body("images[0].actions", hasItem("uploaded_as_file"));
        String fileId = sentFileId();
        assertThat(RouterStubs.chatRequests(router).get(0).getBodyAsString()).doesNotContain("data:image");

        given().contentType(ContentType.JSON).body(request)
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("images[0].sent_as", equalTo("file"))
                .body("images[0].actions", hasItem("reused_uploaded_file"));
        assertThat(sentFileId()).isEqualTo(fileId);
        assertThat(RouterStubs.fileUploads(router)).hasSize(1);
        assertThat(RouterStubs.chatRequests(router).get(1).getBodyAsString().length()).isLessThan(2000);
    }

    @Test
    void aSmallImageGoesByFileIdWhenTheClientAsks() {
        String image = TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(100, 100, 9));
        Map<String, Object> request = Map.of("images", List.of(Map.of("url", image, "reuse", true),
                Map.of("url", TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(100, 100, 10)))));

        given().contentType(ContentType.JSON).body(request)
                .when().post("/v1/compare")
                .then().statusCode(200)
                .body("images.sent_as", org.hamcrest.Matchers.contains("file", "data"))
                .body("images[0].actions", hasItem("uploaded_as_file"));
        given().contentType(ContentType.JSON).body(request)
                .when().post("/v1/compare")
                .then().statusCode(200)
                .body("images[0].actions", hasItem("reused_uploaded_file"));
        assertThat(RouterStubs.fileUploads(router)).hasSize(1);
    }

    @Test
    void aFileTheRouterForgotIsUploadedAgainOnceAndTheCallRetried() {
        String image = TestImages.dataUrl("image/jpeg", NoisyImages.jpeg(800, 800, 8));
        Map<String, Object> request = Map.of("images", List.of(Map.of("url", image)));
        given().contentType(ContentType.JSON).body(request).when().post("/v1/describe").then().statusCode(200);
        String forgotten = sentFileId();
        RouterStubs.forgetFile(router, forgotten);

        given().contentType(ContentType.JSON).body(request)
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body("text", equalTo(ANSWER));
        assertThat(RouterStubs.fileUploads(router)).hasSize(2);
        assertThat(RouterStubs.chatRequests(router)).hasSize(3);
        String uploadedAgain = sentFileId();
        assertThat(uploadedAgain).isNotEqualTo(forgotten);

        // streamed: the refusal comes before the first event, so the retry is still invisible to the client
        RouterStubs.forgetFile(router, uploadedAgain);
        router.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/chat/completions")).atPriority(3)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"stream\":true"))
                .willReturn(RouterStubs.status(200).withHeader("Content-Type", "text/event-stream").withBody(
                        "data: {\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Noise.\"},"
                                + " \"finish_reason\": \"stop\"}]}\n\ndata: [DONE]\n\n")));
        given().contentType(ContentType.JSON).body(Map.of("images", List.of(Map.of("url", image)), "stream", true))
                .when().post("/v1/describe")
                .then().statusCode(200)
                .body(containsString("event: meta"))
                .body(containsString("event: done"))
                .body(containsString("Noise."));
        assertThat(RouterStubs.fileUploads(router)).hasSize(3);
    }

    @Test
    void aClientsOwnUnknownFileIdIsTheClientsFault() {
        RouterStubs.forgetFile(router, "file-gone123");
        given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("file_id", "file-gone123", "mime_type", "image/png"))))
                .when().post("/v1/describe")
                .then().statusCode(400)
                .body("code", equalTo("unknown_file"))
                .body("detail", containsString("file_not_found"));
        assertThat(RouterStubs.fileUploads(router)).isEmpty();
    }

    private String sentFileId() {
        for (JsonNode part : RouterStubs.lastChatRequest(router).path("messages").get(0).path("content")) {
            if (part.path("type").asText().equals("input_file")) {
                return part.path("input_file").path("file_id").asText();
            }
        }
        throw new AssertionError("the last chat request named no file");
    }
}
