package dev.visiongateway.catalog;

import java.util.List;

/**
 * One image-capable model: its id, the operations it can serve, whether it takes the {@code detail} hint, and
 * where it runs ({@code router} or {@code local}).
 */
public record CatalogModel(String id, String name, List<String> inputModalities, List<String> operations,
        boolean takesDetail, Integer contextLength, String backend) {

    public boolean imageCapable() {
        return inputModalities.contains("image");
    }

    public boolean serves(String operation) {
        return operations.contains(operation);
    }
}
