package dev.visiongateway.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.client.SseEvent;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.openai.ChatCompletion;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The router's OpenAI-compatible HTTP API; base URL and timeouts under {@code quarkus.rest-client.router}. The
 * client is built even when no router is configured (the offline engine then serves every call and nothing is
 * sent), so {@code baseUri} names a host that can never resolve ({@code .invalid}, RFC 2606) for that case.
 */
@RegisterRestClient(configKey = "router", baseUri = "http://router-not-configured.invalid")
@RegisterClientHeaders(RouterAuthorization.class)
@RegisterProvider(JsonBodyWriter.class)
interface RouterApi {

    /**
     * The OpenAI-compatible pass-through: the client's request (written by {@link JsonBody}, as every body here) and
     * the router's answer, unknown fields kept.
     */
    @POST
    @Path("/v1/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<ObjectNode> complete(JsonBody request);

    /** describe, compare and ocr: the request the gateway built, and the fields of the answer it reads. */
    @POST
    @Path("/v1/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<ChatCompletion> completion(JsonBody request);

    /**
     * The router's {@code stream: true} answer, one SSE event at a time as it arrives. Each stream has a connection
     * of its own ({@code Connection: close}): the REST client closes the connection of every {@code Multi} response
     * when it ends (for SSE its event source closes it in the response's end handler; read as plain chunks, the
     * termination callback does, because Mutiny's emitter says it was cancelled while it runs that callback), and by
     * then the pooled connection may have been lent to the next request, which then failed with
     * {@code HttpClosedException} (a quarter to a third of streams at 32 in flight). The price is a TCP connection per
     * stream, about 0.3 ms of CPU; {@code StreamConnectionsTest} fails once the client keeps such connections, and the
     * header can go.
     */
    @POST
    @Path("/v1/chat/completions")
    @ClientHeaderParam(name = "Connection", value = "close")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    Multi<SseEvent<String>> stream(JsonBody request);

    /** {@link #stream(JsonBody)} for a request the gateway built. */
    @POST
    @Path("/v1/chat/completions")
    @ClientHeaderParam(name = "Connection", value = "close")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    Multi<SseEvent<String>> completionStream(JsonBody request);

    /**
     * The Files API: one file and its purpose, answered with the router's file object ({@code id}, ...). The path
     * is configured ({@code gateway.files.path}), so it comes in as an encoded parameter.
     */
    @POST
    @Path("/{filesPath}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<JsonNode> upload(@PathParam("filesPath") @Encoded String filesPath, ClientMultipartForm form);

    @GET
    @Path("/api/models")
    Uni<JsonNode> models(@QueryParam("modality") String modality);

    @ClientExceptionMapper
    static RuntimeException toFault(Response response) {
        return RouterFault.of(response);
    }
}
