package dev.visiongateway.upstream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouter.Event;
import dev.visiongateway.support.ScriptedRouter.Raw;
import dev.visiongateway.support.ScriptedRouterResource;
import dev.visiongateway.support.SseEvents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.http.HttpConnection;

/**
 * docs/ARCHITECTURE.md rule 10: a router stream that ends leaves its connection open for the next call, so streams
 * cost no new TCP (and TLS) connection to the router. The REST client closed the connection of every streamed
 * answer, which made a connection per stream; {@link RouterChatClient} returns it to its pool.
 */
@QuarkusTest
@WithTestResource(ScriptedRouterResource.class)
class StreamConnectionsTest {

    static final String DESCRIBE = "{\"model\": \"openai/gpt-4o\", \"stream\": true,"
            + " \"images\": [{\"url\": \"https://images.example.com/a.jpg\"}]}";

    @InjectScriptedRouter
    ScriptedRouter router;

    @BeforeEach
    void shortAnswer() {
        scriptShortAnswer(router);
    }

    /** One chunk that finishes, then {@code [DONE]}: a stream as short as a stream can be. */
    static void scriptShortAnswer(ScriptedRouter router) {
        router.script(new Event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A red square.\"},"
                + "\"finish_reason\":\"stop\"}]}"), new Event("[DONE]"));
    }

    @Test
    void streamsOneAfterAnotherShareOneRouterConnection() {
        assertStreamCompletes();
        HttpConnection first = router.lastChatConnection;
        int accepted = router.acceptedConnections.get();

        for (int i = 0; i < 20; i++) {
            assertStreamCompletes();
        }

        // the router ends a stream's response a read after its last event, which the next request may beat by a
        // hair: the pool then opens a second connection, once, and keeps both
        assertThat(router.acceptedConnections.get()).as("connections the router accepted for 20 more streams")
                .isLessThanOrEqualTo(accepted + 1);
        assertThat(router.closedConnections).doesNotContain(first);
    }

    @Test
    void aStreamAndAWholeAnswerShareTheSamePool() {
        assertStreamCompletes();
        int accepted = router.acceptedConnections.get();
        router.script(new Raw("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"A red square.\"},\"finish_reason\":\"stop\"}]}"));

        given().contentType(ContentType.JSON).body(DESCRIBE.replace("true", "false"))
                .when().post("/v1/describe")
                .then().statusCode(200).body("text", equalTo("A red square."));

        assertThat(router.acceptedConnections.get()).isEqualTo(accepted);
    }

    static void assertStreamCompletes() {
        String body = given().contentType(ContentType.JSON).body(DESCRIBE)
                .when().post("/v1/describe")
                .then().statusCode(200).extract().asString();
        List<SseEvents.Event> events = SseEvents.parse(body);
        assertThat(events).extracting(SseEvents.Event::name).containsExactly("meta", "delta", "done");
    }
}
