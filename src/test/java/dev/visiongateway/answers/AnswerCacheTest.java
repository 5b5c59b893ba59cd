package dev.visiongateway.answers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.support.AnswerCacheOn;
import dev.visiongateway.support.Management;
import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.SseEvents;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * docs/ARCHITECTURE.md rule 22: the same question about the same image is answered once, whichever way the image
 * came; Cache-Control is obeyed; only complete answers are stored; a stream of a stored answer is replayed.
 */
@QuarkusTest
@TestProfile(AnswerCacheOn.class)
class AnswerCacheTest extends RouterTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aHitNeverCallsTheRouterAndKeepsTheUsage() {
        String image = TestImages.dataUrl("image/png", TestImages.png(300, 200, Color.ORANGE));

        describe(Map.of("images", List.of(Map.of("url", image)), "prompt", "hit"), null)
                .then().statusCode(200)
                .header("Cache-Status", "vision-gateway; fwd=miss; stored")
                .header("Age", nullValue())
                .body("cached", nullValue());
        Response hit = describe(Map.of("images", List.of(Map.of("url", image)), "prompt", "hit"), null);
        hit.then().statusCode(200)
                .header("Cache-Status", "vision-gateway; hit")
                .header("Age", matchesPattern("[0-2]"))
                .body("cached", equalTo(true))
                .body("text", equalTo(ANSWER))
                .body("usage.total_tokens", equalTo(821))
                .body("images[0].source", equalTo("data"));
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);

        // another question about the same image is another answer
        describe(Map.of("images", List.of(Map.of("url", image)), "prompt", "another"), null)
                .then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss; stored");
        assertThat(RouterStubs.chatRequests(router)).hasSize(2);
        assertThat(Management.given().get("/q/metrics").asString())
                .contains("gateway_answer_cache_total{result=\"hit\"}")
                .contains("gateway_answer_cache_saved_tokens_total{operation=\"describe\"}");
    }

    @Test
    void aDataUrlAnUploadAndAFileIdOfOneImageShareAnAnswer() {
        byte[] png = TestImages.png(320, 240, Color.MAGENTA);

        describe(Map.of("images", List.of(Map.of("url", TestImages.dataUrl("image/png", png)))), null)
                .then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss; stored");
        given().multiPart("image", "photo.png", png, "image/png")
                .when().post("/v1/describe")
                .then().statusCode(200)
                .header("Cache-Status", "vision-gateway; hit")
                .body("images[0].source", equalTo("upload"));
        String fileId = given().multiPart("file", "photo.png", png, "image/png")
                .when().post("/v1/files").then().statusCode(200).extract().path("id");
        describe(Map.of("images", List.of(Map.of("file_id", fileId, "mime_type", "image/png"))), null)
                .then().statusCode(200).header("Cache-Status", "vision-gateway; hit");

        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }

    @Test
    void noCacheAsksAgainAndStoresWhileNoStoreNeitherReadsNorStores() {
        String image = TestImages.dataUrl("image/png", TestImages.png(200, 300, Color.CYAN));
        Map<String, Object> request = Map.of("images", List.of(Map.of("url", image)));

        describe(request, "no-store").then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=bypass");
        describe(request, null).then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss; stored");
        RouterStubs.standard(router, "a fresher answer");
        describe(request, "no-cache").then().statusCode(200)
                .header("Cache-Status", "vision-gateway; fwd=request; stored")
                .body("text", equalTo("a fresher answer"));
        describe(request, "max-age=0, no-store").then().statusCode(200)
                .header("Cache-Status", "vision-gateway; fwd=bypass");
        describe(request, null).then().statusCode(200)
                .header("Cache-Status", "vision-gateway; hit")
                .body("text", equalTo("a fresher answer"));

        assertThat(RouterStubs.chatRequests(router)).hasSize(2);
    }

    @Test
    void anAnswerCutShortIsNotStored() {
        String image = TestImages.dataUrl("image/png", TestImages.png(240, 240, Color.PINK));
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1).willReturn(okJson(
                RouterStubs.completion("I cannot").replace("\"stop\"", "\"content_filter\""))));

        describe(Map.of("images", List.of(Map.of("url", image))), null)
                .then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss");
        describe(Map.of("images", List.of(Map.of("url", image))), null)
                .then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss");
        assertThat(RouterStubs.chatRequests(router)).hasSize(2);
    }

    @Test
    void aStreamedAnswerIsStoredAndReplayedAsTheSameEvents() throws Exception {
        String image = TestImages.dataUrl("image/png", TestImages.png(260, 180, Color.GREEN));
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1).willReturn(aResponse()
                .withHeader("Content-Type", "text/event-stream").withBody(
                        """
                                data: {"choices":[{"index":0,"delta":{"role":"assistant","content":"Green"}}]}

                                data: {"choices":[{"index":0,"delta":{"content":" field"}}]}

                                data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":2,"total_tokens":52}}

                                data: [DONE]

                                """)));
        Map<String, Object> request = Map.of("images", List.of(Map.of("url", image)), "stream", true);

        Response first = describe(request, null);
        first.then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss");
        List<SseEvents.Event> streamed = SseEvents.parse(first.asString());
        assertThat(streamed).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "delta", "done");

        Response replayed = describe(request, null);
        replayed.then().statusCode(200).header("Cache-Status", "vision-gateway; hit");
        List<SseEvents.Event> events = SseEvents.parse(replayed.asString());
        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "done");
        assertThat(json.readTree(events.get(0).data()).path("cached").asBoolean()).isTrue();
        assertThat(json.readTree(events.get(1).data()).path("text").asText()).isEqualTo("Green field");
        JsonNode done = json.readTree(events.get(2).data());
        assertThat(done.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(done.path("usage").path("total_tokens").asInt()).isEqualTo(52);

        // the same question without streaming gets the same stored answer
        describe(Map.of("images", List.of(Map.of("url", image))), null)
                .then().statusCode(200).header("Cache-Status", "vision-gateway; hit").body("text", equalTo("Green field"));
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }

    @Test
    @DisabledOnIntegrationTest("replaces the router's catalog mid-test, which only a @QuarkusTest's cache can forget")
    void aStoredAnswerIsNotGivenForAModelTheCatalogNoLongerOffers() {
        Map<String, Object> request = Map.of("model", "openai/gpt-4o", "images",
                List.of(Map.of("url", TestImages.dataUrl("image/png", TestImages.png(100, 100, Color.BLUE)))));
        describe(request, null).then().statusCode(200).header("Cache-Status", "vision-gateway; fwd=miss; stored");

        router.stubFor(get(urlPathEqualTo("/api/models")).atPriority(1).willReturn(okJson(
                RouterStubs.CATALOG.replace("{\"id\": \"openai/gpt-4o\", \"modalities\": [\"text\", \"image\"]},", ""))));
        forgetCatalog();

        describe(request, null).then().statusCode(400)
                .header("Cache-Status", nullValue())
                .body("code", equalTo("unknown_model"));
    }

    private static Response describe(Map<String, Object> body, String cacheControl) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (cacheControl != null) {
            request.header("Cache-Control", cacheControl);
        }
        return request.when().post("/v1/describe");
    }
}
