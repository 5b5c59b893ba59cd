package dev.visiongateway.upstream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.RawSseClient;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouter.Pause;
import dev.visiongateway.support.ScriptedRouterResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.http.HttpVersion;

/**
 * A router on HTTPS, as the real one is, with a certificate of a private CA that the gateway trusts through the TLS
 * registry's {@code router} configuration (docs/ARCHITECTURE.md rule 10): both router clients trust it, chat calls
 * go over HTTP/2 when the router offers it (ALPN), and many streams at once share one connection.
 */
@QuarkusTest
@WithTestResource(value = ScriptedRouterResource.class, initArgs = @ResourceArg(name = "tls", value = "true"))
class TlsRouterTest {

    @InjectScriptedRouter
    ScriptedRouter router;

    @BeforeEach
    void shortAnswer() {
        StreamConnectionsTest.scriptShortAnswer(router);
    }

    @Test
    void theCatalogComesOverTlsThroughTheRestClient() {
        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("data.id", hasItem("google/gemini-2.5-flash"))
                .body("stale", equalTo(false));
    }

    @Test
    void streamsGoOverHttp2AndManyAtOnceShareOneConnection() throws Exception {
        StreamConnectionsTest.assertStreamCompletes();
        assertThat(router.lastChatVersion).isEqualTo(HttpVersion.HTTP_2);
        int accepted = router.acceptedConnections.get();

        List<CompletableFuture<Void>> streams = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            streams.add(CompletableFuture.runAsync(StreamConnectionsTest::assertStreamCompletes));
        }
        CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(router.acceptedConnections.get()).as("connections the router accepted for 16 streams at once")
                .isEqualTo(accepted);
    }

    @Test
    void aClientThatHangsUpCancelsItsStreamOnly() throws Exception {
        StreamConnectionsTest.assertStreamCompletes();
        int accepted = router.acceptedConnections.get();
        Pause slow = new Pause(200);
        router.script(ScriptedRouter.chunk("one"), slow, ScriptedRouter.chunk("two"), slow,
                ScriptedRouter.chunk("three"), slow, ScriptedRouter.chunk("four"), slow, ScriptedRouter.finish());

        try (RawSseClient client = new RawSseClient(RestAssured.port, "/v1/describe", StreamConnectionsTest.DESCRIBE)) {
            assertThat(client.readLineStartingWith("event: delta")).isNotNull();
        }

        router.closedByGateway.get(2, TimeUnit.SECONDS);
        assertThat(router.sentNanos.size()).isLessThan(5);
        // HTTP/2: the call was reset, the connection stays for the next one
        shortAnswer();
        StreamConnectionsTest.assertStreamCompletes();
        assertThat(router.acceptedConnections.get()).isEqualTo(accepted);
    }
}
