package dev.visiongateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/**
 * Why {@link RouterApi}'s stream calls ask for a connection of its own ({@code Connection: close}, docs/ARCHITECTURE.md rule
 * 10), checked against the REST client of the Quarkus version in use. When a {@code Multi} response completes, the
 * client closes the connection it came on: {@code MultiInvoker.MultiRequest} registers a termination callback that
 * closes the connection when {@code emitter.isCancelled()}, and Mutiny's emitter reports itself cancelled while it
 * runs that callback after a normal completion. By then Vert.x may have lent the connection to the next request, which
 * fails with {@code HttpClosedException}: without the header, about a third of the streams of
 * {@code vision.StreamsUnderLoadTest} failed. A connection per stream costs the gateway about 0.25 ms of CPU
 * (bench/README.md), so the header should go as soon as the client keeps such connections: this test then fails.
 */
@QuarkusTest
@WithTestResource(dev.visiongateway.support.ScriptedRouterResource.class)
class StreamConnectionsTest {

    @InjectScriptedRouter
    ScriptedRouter router;

    /** The router's stream call as {@link RouterApi} makes it, without the {@code Connection: close} header. */
    @Path("/v1/chat/completions")
    interface PooledStreams {

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.SERVER_SENT_EVENTS)
        @RestStreamElementType(MediaType.TEXT_PLAIN)
        Multi<String> stream(String body);
    }

    @Test
    void theRestClientStillClosesAPooledConnectionWhenItsStreamEnds() {
        router.script(new Event("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A red square.\"},"
                + "\"finish_reason\":\"stop\"}]}"), new Event("[DONE]"));
        PooledStreams client = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(router.baseUrl()))
                .build(PooledStreams.class);
        int closedBefore = router.connectionsClosed.get();

        List<String> events = client.stream("{\"model\": \"openai/gpt-4o\", \"stream\": true}").collect().asList()
                .await().atMost(Duration.ofSeconds(10));

        assertThat(events).last().isEqualTo("[DONE]");
        try {
            // the router keeps its connections open (HTTP/1.1 keep-alive): a close is the client's
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> router.connectionsClosed.get() > closedBefore);
        } catch (ConditionTimeoutException kept) {
            throw new AssertionError("The REST client now keeps a completed stream's connection in its pool: remove "
                    + "@ClientHeaderParam(name = \"Connection\", value = \"close\") from RouterApi's stream methods (and this "
                    + "test), then check that vision.StreamsUnderLoadTest still passes.", kept);
        }
    }
}
