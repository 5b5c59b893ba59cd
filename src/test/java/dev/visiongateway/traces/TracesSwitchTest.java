package dev.visiongateway.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** docs/ARCHITECTURE.md rule 20: the SDK is off unless an operator set an OTLP endpoint; an explicit switch wins. */
class TracesSwitchTest {

    /** The extension's own default endpoint (localhost:4317) is no reason to turn traces on. */
    private static SmallRyeConfig config(Map<String, String> set) {
        return new SmallRyeConfigBuilder()
                .withDefaultValue("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/")
                .withDefaultValue("quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:4317/")
                .withSources(new PropertiesConfigSource(set, "operator", 300))
                .withSources(new TracesSwitch())
                .build();
    }

    private static boolean disabled(Map<String, String> set) {
        return config(set).getValue("quarkus.otel.sdk.disabled", Boolean.class);
    }

    @Test
    void offWithoutAnEndpoint() {
        assertThat(disabled(Map.of())).isTrue();
    }

    @Test
    void onWithAnEndpointForAllSignalsOrForTracesOnly() {
        assertThat(disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))).isFalse();
        assertThat(disabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces")))
                .isFalse();
    }

    @Test
    void aBlankEndpointLeavesThemOff() {
        assertThat(disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", " "))).isTrue();
    }

    @Test
    void anExplicitSwitchWinsEitherWay() {
        assertThat(disabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true"))).isTrue();
        assertThat(disabled(Map.of("quarkus.otel.sdk.disabled", "false"))).isFalse();
    }
}
