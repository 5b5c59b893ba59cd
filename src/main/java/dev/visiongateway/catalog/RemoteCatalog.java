package dev.visiongateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** A catalog kept elsewhere (the router's {@code GET /api/models}): the port its adapter implements. */
public interface RemoteCatalog {

    /** Whether there is such a catalog to read; without one, only the built-in models are listed. */
    boolean configured();

    /** Its image-capable models as it sends them; failures arrive as problems. */
    Uni<JsonNode> imageModels();
}
