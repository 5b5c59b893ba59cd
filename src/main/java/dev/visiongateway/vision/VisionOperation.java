package dev.visiongateway.vision;

import java.util.Locale;

/** The three things the gateway does with images; each has its own prompt template and default model. */
public enum VisionOperation {
    DESCRIBE,
    COMPARE,
    OCR;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
