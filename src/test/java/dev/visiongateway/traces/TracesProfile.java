package dev.visiongateway.traces;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Traces on, the way an operator turns them on: an OTLP endpoint ({@link OtlpCollector}) and nothing else. Spans
 * are handed to the exporters every 50 ms rather than every 5 s. Downloads are on, from the fake router's loopback
 * address, so an image's intake has a fetch span.
 */
public class TracesProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.otel.bsp.schedule.delay", "50ms",
                "gateway.fetch.mode", "fetch",
                "gateway.fetch.allow", "127.0.0.1/32",
                "gateway.fetch.allow-http", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OtlpCollector.class));
    }
}
