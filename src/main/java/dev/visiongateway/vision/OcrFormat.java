package dev.visiongateway.vision;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an OCR answer is laid out. */
public enum OcrFormat {
    TEXT,
    MARKDOWN,
    JSON;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
