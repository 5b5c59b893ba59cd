package dev.visiongateway.catalog;

import java.util.List;

/**
 * One image-capable model: its id, the operations it can serve, whether it takes the {@code detail} hint, where it
 * runs ({@code router} or {@code local}), and the operations it is the default of (in {@code GET /v1/models}).
 */
public record CatalogModel(String id, String name, List<String> inputModalities, List<String> operations,
        boolean takesDetail, Integer contextLength, String backend, List<String> defaultFor) {

    public CatalogModel(String id, String name, List<String> inputModalities, List<String> operations,
            boolean takesDetail, Integer contextLength, String backend) {
        this(id, name, inputModalities, operations, takesDetail, contextLength, backend, null);
    }

    /** The same model, marked as the default of {@code operations} (none: unmarked). */
    public CatalogModel withDefaultFor(List<String> operations) {
        return new CatalogModel(id, name, inputModalities, this.operations, takesDetail, contextLength, backend,
                operations.isEmpty() ? null : List.copyOf(operations));
    }

    public boolean imageCapable() {
        return inputModalities.contains("image");
    }

    public boolean serves(String operation) {
        return operations.contains(operation);
    }
}
