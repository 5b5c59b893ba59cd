package dev.visiongateway.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Lets a {@code data:} URL be as long as the request body may be: Jackson's default cap on one string (20 M
 * characters) would otherwise turn a large inline image into a confusing "malformed JSON" instead of the size
 * checks' clear 413.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    static final int MAX_STRING_LENGTH = 64_000_000;

    @Override
    public void customize(ObjectMapper json) {
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING_LENGTH).build());
    }
}
