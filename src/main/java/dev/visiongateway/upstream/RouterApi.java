package dev.visiongateway.upstream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The router's Files API and model catalog; base URL, timeouts and TLS under {@code quarkus.rest-client.router},
 * from {@code gateway.router.*}. Chat calls go through {@link RouterChatClient}, whose connections outlive a
 * stream. The client is built even when no router is configured (the offline engine then serves every call and
 * nothing is sent), so {@code baseUri} names a host that can never resolve ({@code .invalid}, RFC 2606) for that
 * case.
 */
@RegisterRestClient(configKey = "router", baseUri = RouterApi.NOT_CONFIGURED)
@RegisterClientHeaders(RouterAuthorization.class)
interface RouterApi {

    String NOT_CONFIGURED = "http://router-not-configured.invalid";

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
