package dev.visiongateway.traces;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Traces are off unless an OTLP endpoint is configured (docs/ARCHITECTURE.md rule 20). Quarkus' own default for
 * {@code quarkus.otel.sdk.disabled} is {@code false} with an endpoint of {@code localhost:4317}, so a pod without
 * a collector would build spans for every request and try to send them nowhere. This source turns the SDK off
 * unless {@code quarkus.otel.exporter.otlp.endpoint} or {@code quarkus.otel.exporter.otlp.traces.endpoint} is set
 * by the operator (an environment variable such as {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}, or a config
 * file), so one variable in the ConfigMap turns traces on. Its ordinal is below every real source: an explicit
 * {@code quarkus.otel.sdk.disabled} anywhere still wins.
 */
public class TracesSwitch implements ConfigSourceFactory {

    public static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.traces.endpoint",
            "quarkus.otel.exporter.otlp.endpoint");

    /** Above the extensions' defaults (below 0), below application.properties (250) and everything else. */
    static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean endpointSet = ENDPOINTS.stream().anyMatch(key -> setByOperator(context.getValue(key)));
        return List.of(new MapBackedConfigSource("vision-gateway traces switch (TracesSwitch)",
                Map.of(SDK_DISABLED, String.valueOf(!endpointSet)), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** A value from a real source, not a default an extension registered (those sit at negative ordinals). */
    private static boolean setByOperator(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > ORDINAL;
    }
}
