package dev.visiongateway.image;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The router's {@code detail} hint for an image: how finely an OpenAI model looks at it. */
public enum Detail {
    LOW,
    HIGH,
    AUTO;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
