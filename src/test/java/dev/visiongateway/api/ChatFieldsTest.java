package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * docs/ARCHITECTURE.md rule 12: /v1/chat/completions passes the router only allowed fields, roles and part types,
 * within bounds, since the router is called with the gateway's key.
 */
@QuarkusTest
class ChatFieldsTest extends RouterTest {

    private static final String MESSAGES = "\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\":"
            + " \"What is this?\"}, {\"type\": \"image_url\", \"image_url\": {\"url\": \"https://example.com/a.jpg\"}}]}]";

    @Test
    void knownFieldsWithinBoundsGoThrough() {
        chat("\"n\": 1, \"max_completion_tokens\": 300, \"stop\": [\"END\"], \"stream_options\": {\"include_usage\": true},"
                + " \"stream\": false, \"response_format\": {\"type\": \"text\"}").statusCode(200);

        assertThat(RouterStubs.lastChatRequest(router).path("max_completion_tokens").asInt()).isEqualTo(300);
    }

    @Test
    void anUnknownFieldIsRefusedByName() {
        chat("\"functions\": [{\"name\": \"f\"}]").statusCode(400)
                .body("code", equalTo("unsupported_field"))
                .body("field", equalTo("functions"))
                .body("error.param", equalTo("functions"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void fieldsThatMultiplyTheCostOrGrowWithoutBoundAreRefused() {
        chat("\"n\": 8").statusCode(400).body("field", equalTo("n")).body("detail", containsString("one answer"));
        chat("\"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"]").statusCode(400).body("field", equalTo("stop"));
        chat("\"user\": \"" + "u".repeat(300) + "\"").statusCode(400).body("field", equalTo("user"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    @Test
    void partTypesAndRolesTheGatewayDoesNotCheckAreRefused() {
        given().contentType(ContentType.JSON).body("""
                {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                  {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "wav"}}]}]}""")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("code", equalTo("unsupported_part"))
                .body("field", equalTo("messages[0].content[0].type"));
        given().contentType(ContentType.JSON).body("""
                {"model": "openai/gpt-4o", "messages": [{"role": "root", "content": "hi"}]}""")
                .when().post("/v1/chat/completions")
                .then().statusCode(400)
                .body("field", equalTo("messages[0].role"));
        assertThat(RouterStubs.chatRequests(router)).isEmpty();
    }

    private static ValidatableResponse chat(String extraFields) {
        return given().contentType(ContentType.JSON)
                .body("{\"model\": \"openai/gpt-4o\", " + extraFields + ", " + MESSAGES + "}")
                .when().post("/v1/chat/completions").then();
    }
}
