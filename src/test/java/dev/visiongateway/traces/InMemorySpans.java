package dev.visiongateway.traces;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Collects the gateway's finished spans in memory: Quarkus exports to every {@code SpanExporter} bean. Present in
 * every {@code @QuarkusTest} app, and empty unless the SDK is on ({@link TracesProfile}).
 */
@ApplicationScoped
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
