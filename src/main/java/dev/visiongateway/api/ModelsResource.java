package dev.visiongateway.api;

import java.util.List;
import java.util.Map;

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

/** The image-capable models, from the cached catalog. */
@Path("/v1/models")
@Tag(name = "models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /**
     * OpenAI's list shape, plus {@code stale}: true while the router is failing and a kept copy is served; each
     * model's {@code default_for} names the operations it serves when a request names no model.
     */
    public record ModelList(String object, List<CatalogModel> data, boolean stale) {
    }

    private final ModelCatalog catalog;

    ModelsResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "List the image-capable models and what each can do")
    public Uni<ModelList> list(
            @Parameter(description = "only models serving this operation: describe, compare or ocr", example = "ocr") @QueryParam("operation") String operation) {
        if (operation != null && !List.of("describe", "compare", "ocr").contains(operation)) {
            throw GatewayProblem.of(ErrorCode.INVALID_OPERATION, "operation",
                    "'operation' must be describe, compare or ocr; got '" + operation + "'.");
        }
        return catalog.current().map(snapshot -> {
            Map<String, List<String>> defaults = catalog.defaultsByModel(snapshot);
            return new ModelList("list", snapshot.models().stream()
                    .filter(CatalogModel::imageCapable)
                    .filter(model -> operation == null || model.serves(operation))
                    .map(model -> model.withDefaultFor(defaults.getOrDefault(model.id(), List.of())))
                    .toList(), snapshot.stale());
        });
    }
}
