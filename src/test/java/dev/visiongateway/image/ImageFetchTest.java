package dev.visiongateway.image;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.SentImages;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** docs/ARCHITECTURE.md rule 4: remote images are downloaded safely, or not at all. */
@QuarkusTest
@TestProfile(FetchProfile.class)
class ImageFetchTest extends RouterTest {

    private static WireMockServer images;

    @BeforeAll
    static void startImageServer() {
        images = new WireMockServer(wireMockConfig().bindAddress(FetchProfile.IMAGE_HOST).dynamicPort());
        images.start();
    }

    @AfterAll
    static void stopImageServer() {
        images.stop();
    }

    @BeforeEach
    void resetImages() {
        images.resetAll();
        images.stubFor(get("/photo.jpg").willReturn(aResponse().withHeader("Content-Type", "image/jpeg")
                .withBody(TestImages.jpeg(3000, 2000, Color.ORANGE))));
    }

    @Test
    void downloadsChecksAndNormalizesTheImage() {
        describe(imageUrl("/photo.jpg")).statusCode(200)
                .body("images[0].source", equalTo("url"))
                .body("images[0].sent_as", equalTo("data"))
                .body("images[0].original.width", equalTo(3000))
                .body("images[0].width", equalTo(1500))
                .body("images[0].actions", hasItem("decoded_subsampled_1_in_2"));

        assertThat(SentImages.of(router)).hasSize(1);
        assertThat(RouterStubs.lastChatRequest(router).toString()).doesNotContain(FetchProfile.IMAGE_HOST);
        String userAgent = images.findAll(getRequestedFor(urlPathEqualTo("/photo.jpg"))).get(0).getHeader("User-Agent");
        assertThat(userAgent).startsWith("vision-gateway/");
    }

    @Test
    void followsUpToThreeRedirectsCheckingEachHop() {
        redirect("/r1", imageUrl("/r2"));
        redirect("/r2", imageUrl("/r3"));
        redirect("/r3", "/photo.jpg");
        describe(imageUrl("/r1")).statusCode(200);

        redirect("/r0", imageUrl("/r1"));
        describe(imageUrl("/r0")).statusCode(400).body("code", equalTo("too_many_redirects"));
    }

    @Test
    void aRedirectToLoopbackIsRefused() {
        redirect("/sneaky", "http://127.0.0.1:" + images.port() + "/photo.jpg");

        describe(imageUrl("/sneaky")).statusCode(400)
                .body("code", equalTo("url_not_allowed"))
                .body("detail", not(containsString("127.0.0.1")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:PORT/photo.jpg", "http://localhost:PORT/photo.jpg",
            "http://[::1]:PORT/photo.jpg", "http://0.0.0.0:PORT/photo.jpg", "http://10.0.0.1/photo.jpg",
            "http://172.16.0.1/photo.jpg", "http://192.168.0.1/photo.jpg",
            "http://169.254.169.254/latest/meta-data/iam/", "http://100.64.0.1/photo.jpg",
            "http://[::ffff:127.0.0.1]:PORT/photo.jpg", "http://2130706433:PORT/photo.jpg",
            "http://0x7f000001:PORT/photo.jpg", "http://017700000001:PORT/photo.jpg",
            "http://user:secret@127.0.0.2:PORT/photo.jpg" })
    void refusesEveryInternalTarget(String template) {
        String url = template.replace("PORT", String.valueOf(images.port()));

        describe(url).statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("url_not_allowed"))
                .body("field", equalTo("images[0].url"));

        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void aNameThatDoesNotResolveIsRefusedLikeAnInternalOne() {
        String internal = describe("http://localhost:" + images.port() + "/photo.jpg").statusCode(400)
                .body("code", equalTo("url_not_allowed")).extract().path("detail");

        for (String unknown : List.of("https://no-such-host.invalid/photo.jpg", "https://bücher.invalid/photo.jpg",
                "https://img_1.no-such-host.invalid:8443/photo.jpg")) {
            describe(unknown).statusCode(400)
                    .body("code", equalTo("url_not_allowed"))
                    .body("field", equalTo("images[0].url"))
                    .body("detail", equalTo(internal));
        }
    }

    @Test
    void aPortPastTheLastOneIsABadRequestNotACrash() {
        for (String port : List.of("65536", "70000", "99999999999")) {
            describe("http://" + FetchProfile.IMAGE_HOST + ":" + port + "/photo.jpg").statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_url"))
                    .body("field", equalTo("images[0].url"));
        }
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void slowHostTimesOut() {
        images.stubFor(get("/slow.jpg").willReturn(aResponse().withFixedDelay(3000)
                .withBody(TestImages.jpeg(10, 10, Color.RED))));

        describe(imageUrl("/slow.jpg")).statusCode(400).body("code", equalTo("image_fetch_timeout"));
    }

    @Test
    void hostThatDripsBytesHitsTheTotalTimeout() {
        images.stubFor(get("/drip.jpg").willReturn(aResponse().withBody(TestImages.jpeg(200, 200, Color.RED))
                .withChunkedDribbleDelay(20, 6000)));

        describe(imageUrl("/drip.jpg")).statusCode(400).body("code", equalTo("image_fetch_timeout"));
    }

    @Test
    void oversizeBodiesAreRefusedWhileStreaming() {
        images.stubFor(get("/huge.jpg").willReturn(aResponse().withBody(new byte[1_500_000])));
        describe(imageUrl("/huge.jpg")).statusCode(413).body("code", equalTo("image_too_large"));

        images.stubFor(get("/huge-chunked.jpg").willReturn(aResponse().withBody(new byte[1_500_000])
                .withChunkedDribbleDelay(5, 50)));
        describe(imageUrl("/huge-chunked.jpg")).statusCode(413).body("code", equalTo("image_too_large"));
    }

    @Test
    void missingImageIsReported() {
        describe(imageUrl("/nothing.jpg")).statusCode(400)
                .body("code", equalTo("image_fetch_failed"))
                .body("detail", equalTo("The image URL answered HTTP 404."));
    }

    @Test
    void nonImageBodyIsUnsupported() {
        images.stubFor(get("/page.html").willReturn(aResponse().withHeader("Content-Type", "text/html")
                .withBody("<html><body>not an image</body></html>")));
        describe(imageUrl("/page.html")).statusCode(415).body("code", equalTo("unsupported_format"));
    }

    private static void redirect(String from, String to) {
        images.stubFor(get(from).willReturn(aResponse().withStatus(302).withHeader("Location", to)));
    }

    private static String imageUrl(String path) {
        return "http://" + FetchProfile.IMAGE_HOST + ":" + images.port() + path;
    }

    private static ValidatableResponse describe(String url) {
        return given().contentType(ContentType.JSON).body(Map.of("images", List.of(Map.of("url", url))))
                .when().post("/v1/describe").then();
    }

}
