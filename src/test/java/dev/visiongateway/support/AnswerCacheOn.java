package dev.visiongateway.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The answer cache on, in memory, with its defaults otherwise. */
public class AnswerCacheOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gateway.answer-cache.enabled", "true");
    }
}
