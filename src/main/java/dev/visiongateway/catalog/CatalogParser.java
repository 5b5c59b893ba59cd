package dev.visiongateway.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the router's catalog tolerantly. Accepted shapes: a list of models at the root or under {@code data} or
 * {@code models}; each model an object with {@code id} (or {@code slug}/{@code name}), its input modalities in
 * {@code architecture.input_modalities}, {@code input_modalities}, {@code modalities} (a list, or an object with
 * {@code input}) or {@code architecture.modality} ({@code "text+image->text"}). A model that states no
 * modality is taken as image-capable, since the catalog was asked for {@code modality=image}. Unknown fields are
 * ignored.
 */
final class CatalogParser {

    static final List<String> OPERATIONS = List.of("describe", "compare", "ocr");

    private CatalogParser() {
    }

    static List<CatalogModel> parse(JsonNode root, Predicate<String> takesDetail) {
        JsonNode list = root.isArray() ? root : root.has("data") ? root.get("data") : root.path("models");
        List<CatalogModel> models = new ArrayList<>();
        for (JsonNode entry : list) {
            String id = firstText(entry, "id", "slug", "name");
            if (id == null) {
                continue;
            }
            List<String> modalities = modalities(entry);
            boolean image = modalities.contains("image");
            JsonNode contextLength = entry.path("context_length");
            models.add(new CatalogModel(id, firstText(entry, "name", "id"), modalities,
                    image ? OPERATIONS : List.of(), takesDetail.test(id),
                    contextLength.isNumber() ? contextLength.asInt() : null, "router"));
        }
        return models;
    }

    private static List<String> modalities(JsonNode entry) {
        Set<String> found = new LinkedHashSet<>();
        collect(entry.path("architecture").path("input_modalities"), found);
        collect(entry.path("input_modalities"), found);
        JsonNode modalities = entry.path("modalities");
        collect(modalities.isObject() ? modalities.path("input") : modalities, found);
        String arrow = entry.path("architecture").path("modality").asText("");
        if (!arrow.isEmpty()) {
            for (String modality : arrow.split("->")[0].split("\\+")) {
                found.add(modality.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (found.isEmpty()) {
            found.add("text");
            found.add("image");
        }
        return List.copyOf(found);
    }

    private static void collect(JsonNode list, Set<String> into) {
        for (JsonNode modality : list) {
            if (modality.isTextual()) {
                into.add(modality.asText().toLowerCase(Locale.ROOT));
            }
        }
    }

    private static String firstText(JsonNode entry, String... fields) {
        for (String field : fields) {
            if (entry.path(field).isTextual() && !entry.path(field).asText().isBlank()) {
                return entry.path(field).asText();
            }
        }
        return null;
    }
}
