package dev.visiongateway.local;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records {@link OcrLayout} writes with {@code ObjectMapper.writeValueAsString} for the {@code json} OCR
 * format: Quarkus never sees them, so a native image would otherwise drop the accessors Jackson calls.
 */
@RegisterForReflection(targets = { OcrLayout.JsonImage.class, OcrLayout.JsonLine.class, OcrText.Box.class })
final class LocalWireTypes {

    private LocalWireTypes() {
    }
}
