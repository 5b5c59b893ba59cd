package dev.visiongateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.awaitility.core.ConditionTimeoutException;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouter.Event;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpConnection;

/**
 * Why {@link RouterApi}'s stream calls ask for a connection of their own ({@code Connection: close},
 * docs/ARCHITECTURE.md rule 10), checked against the REST client of the Quarkus version in use: it closes the
 * connection of a {@code Multi} response when the response ends (for SSE, its event source does so in the end
 * handler), and by then Vert.x may have lent the connection to the next request, which fails with
 * {@code HttpClosedException}: without the header, about a third of the streams of
 * {@code vision.StreamsUnderLoadTest} failed. A connection per stream costs the gateway about 0.3 ms of CPU
 * (bench/README.md), so the header should go as soon as the client keeps such connections: this test then fails.
 */
@QuarkusTest
@WithTestResource(dev.visiongateway.support.ScriptedRouterResource.class)
class StreamConnectionsTest {

    @InjectScriptedRouter
    ScriptedRouter router;

    /** A stream call on the same SSE path as {@link RouterApi}'s, without the {@code Connection: close} header. */
    @Path("/v1/chat/completions")
    interface PooledStreams {

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.SERVER_SENT_EVENTS)
        @RestStreamElementType(MediaType.TEXT_PLAIN)
        Multi<String> stream(String body);
    }

    @Test
    void theRestClientStillClosesAPooledConnectionWhenItsStreamEnds() throws IOException {
        router.script(new Event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A red square.\"},"
                + "\"finish_reason\":\"stop\"}]}"), new Event("[DONE]"));
        PooledStreams client = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(router.baseUrl()))
                .build(PooledStreams.class);
        try {
            List<String> events = client.stream("{\"model\": \"openai/gpt-4o\", \"stream\": true}").collect()
                    .asList().await().atMost(Duration.ofSeconds(10));
            assertThat(events).last().isEqualTo("[DONE]");
            HttpConnection used = router.lastChatConnection;
            // the router keeps its connections open (HTTP/1.1 keep-alive): if this one closes, the client closed it
            await().atMost(Duration.ofSeconds(5)).until(() -> router.closedConnections.contains(used));
        } catch (ConditionTimeoutException kept) {
            throw new AssertionError("The REST client now keeps a completed stream's connection in its pool: remove "
                    + "@ClientHeaderParam(name = \"Connection\", value = \"close\") from RouterApi's stream methods "
                    + "(and this test), then check that vision.StreamsUnderLoadTest still passes.", kept);
        } finally {
            // only after the wait: closing the client closes its connections
            ((Closeable) client).close();
        }
    }
}
