package dev.visiongateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** docs/ARCHITECTURE.md rule 11: router faults become 429/502/503/504 problems, with retries before the first byte. */
@QuarkusTest
class RouterFaultsTest extends RouterTest {

    @Test
    void rateLimitKeepsRetryAfterWhenItIsTooLongToWaitOut() {
        chatAnswers(RouterStubs.status(429).withHeader("Retry-After", "30")
                .withBody("{\"error\": {\"message\": \"slow down\", \"code\": \"rate_limit_exceeded\"}}"));

        describe().statusCode(429)
                .header("Retry-After", "30")
                .body("code", equalTo("upstream_rate_limited"))
                .body("detail", equalTo("The router is rate-limiting requests (HTTP 429, code rate_limit_exceeded)."));
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }

    @Test
    void shortRetryAfterIsWaitedOutAndTheCallRetried() {
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(RouterStubs.status(429).withHeader("Retry-After", "0"))
                .willSetStateTo("free"));
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("busy")
                .whenScenarioStateIs("free").willReturn(okJson(RouterStubs.completion("after the wait"))));

        describe().statusCode(200).body("text", equalTo("after the wait"));
        assertThat(RouterStubs.chatRequests(router)).hasSize(2);
    }

    @Test
    void unavailableRouterIsRetriedThenAnswers() {
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(RouterStubs.status(503)).willSetStateTo("up"));
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).inScenario("flaky")
                .whenScenarioStateIs("up").willReturn(okJson(RouterStubs.completion("recovered"))));

        describe().statusCode(200).body("text", equalTo("recovered"));
    }

    @Test
    void serverErrorIsA502AndNotRetried() {
        chatAnswers(RouterStubs.status(500).withBody("{\"error\": {\"message\": \"provider exploded\"}}"));

        describe().statusCode(502)
                .body("code", equalTo("upstream_error"))
                .body("detail", equalTo("The router failed (HTTP 500)."));
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }

    @Test
    void badGatewayIsA502AndNotRetried() {
        // the router may have run the model before its gateway failed: a second call could be billed twice
        chatAnswers(RouterStubs.status(502));

        describe().statusCode(502).body("code", equalTo("upstream_error"));
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }

    @Test
    void slowRouterIsA504() {
        chatAnswers(okJson(RouterStubs.completion("too late")).withFixedDelay(4000));

        describe().statusCode(504).body("code", equalTo("upstream_timeout"));
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }

    @Test
    void droppedConnectionIsA502() {
        chatAnswers(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER));

        describe().statusCode(502).body("code", equalTo("upstream_error"));
        // the request had been sent: it is not sent again
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }

    @Test
    void routerRefusingTheRequestIsA400WithItsCodeButNotItsWords() {
        chatAnswers(RouterStubs.status(400).withBody("{\"error\": {\"message\": \"image could not be downloaded"
                + " from http://10.0.0.7/internal\", \"type\": \"invalid_request_error\"}}"));

        describe().statusCode(400)
                .body("code", equalTo("upstream_rejected"))
                .body("detail", equalTo("The router refused the request (HTTP 400, code invalid_request_error)."));
    }

    @Test
    void theRoutersWordsNeverReachTheClient() {
        // an error page, a message quoting the router's internals, a "code" that is a sentence with a line break
        for (String body : List.of("<html><body><h1>502 Bad Gateway</h1>nginx/1.25 at edge-7.internal</body></html>",
                "{\"error\": {\"message\": \"upstream 10.0.0.7:8443 refused\", \"code\": \"see 10.0.0.7\\r\\nX: y\"}}",
                "{\"error\": \"" + "internal detail ".repeat(100) + "\"}")) {
            chatAnswers(RouterStubs.status(500).withBody(body));

            String answer = describe().statusCode(502).body("code", equalTo("upstream_error"))
                    .body("detail", equalTo("The router failed (HTTP 500)."))
                    .extract().asString();
            assertThat(answer).doesNotContain("10.0.0.7").doesNotContain("internal").doesNotContain("nginx");
        }
    }

    @Test
    void refusedKeyIsA502ThatNeverShowsTheKey() {
        chatAnswers(RouterStubs.status(401).withBody("{\"error\": {\"message\": \"bad key\"}}"));

        String body = describe().statusCode(502).body("code", equalTo("upstream_auth_failed"))
                .extract().asString();
        assertThat(body).doesNotContain(dev.visiongateway.support.RouterWireMock.API_KEY);
    }

    private void chatAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(response));
    }

    private static ValidatableResponse describe() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", "https://images.example.com/a.jpg"))))
                .when().post("/v1/describe")
                .then().contentType(org.hamcrest.Matchers.anyOf(equalTo("application/json"),
                        equalTo("application/problem+json"), containsString("json")));
    }
}
