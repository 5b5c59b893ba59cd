package dev.visiongateway.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.visiongateway.catalog.CatalogModel;
import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.smallrye.mutiny.Uni;

/**
 * The router's own catalog path, {@code GET /api/models?modality=image}, answered in the router's shape with the models
 * {@code GET /v1/models} lists: code written against the router's documentation works against the gateway unchanged.
 */
@Path("/api/models")
@Tag(name = "models")
@Produces(MediaType.APPLICATION_JSON)
public class RouterModelsResource {

    /** The router's catalog: {@code {"data": [...]}}. */
    public record RouterModels(List<RouterModel> data) {
    }

    /** One model as the router lists it. */
    public record RouterModel(String id, String name, Integer contextLength, Architecture architecture) {
    }

    /** What a model takes and gives. */
    public record Architecture(List<String> inputModalities, List<String> outputModalities) {
    }

    private final ModelCatalog catalog;

    RouterModelsResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "The image models in the router's own catalog shape, as GET /api/models?modality=image")
    public Uni<RouterModels> list(
            @Parameter(description = "image: the gateway lists image models only", example = "image") @QueryParam("modality") String modality) {
        if (modality != null && !modality.equals("image")) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "modality", "The gateway lists the image models only: ask"
                    + " for modality=image, or leave it out; got '" + modality + "'.");
        }
        return catalog.current().map(snapshot -> new RouterModels(snapshot.models().stream()
                .filter(CatalogModel::imageCapable)
                .map(model -> new RouterModel(model.id(), model.name(), model.contextLength(),
                        new Architecture(model.inputModalities(), List.of("text"))))
                .toList()));
    }
}
