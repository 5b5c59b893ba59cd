package dev.visiongateway.local;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.visiongateway.catalog.CatalogModel;
import dev.visiongateway.vision.VisionOperation;

/** The models the offline engine serves: {@code local/ocr} (Tesseract) and {@code local/vision} (measured facts). */
public final class LocalModels {

    public static final String OCR = "local/ocr";
    public static final String VISION = "local/vision";

    /** How they appear in {@code GET /v1/models}, next to the router's. */
    public static final List<CatalogModel> CATALOG = List.of(
            new CatalogModel(VISION, "Local image facts (offline)", List.of("image"), List.of("describe", "compare"),
                    false, null, "local"),
            new CatalogModel(OCR, "Tesseract OCR (offline)", List.of("image"), List.of("ocr"), false, null, "local"));

    private LocalModels() {
    }

    public static boolean isLocal(String model) {
        return model != null && model.regionMatches(true, 0, "local/", 0, "local/".length());
    }

    public static Optional<CatalogModel> find(String model) {
        return CATALOG.stream().filter(entry -> entry.id().equalsIgnoreCase(model)).findFirst();
    }

    /** The local model that serves an operation: the default of every operation when no router is configured. */
    public static String forOperation(VisionOperation operation) {
        return operation == VisionOperation.OCR ? OCR : VISION;
    }

    static String normalized(String model) {
        return model.toLowerCase(Locale.ROOT);
    }
}
