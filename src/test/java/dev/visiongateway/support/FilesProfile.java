package dev.visiongateway.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A router whose JSON body limit is small (the fake enforces the same one with a 413, {@link RouterStubs#bodyLimit}),
 * and a reuse threshold between the tests' small and large images, so that offloading and reuse are provoked with
 * images of a few hundred kilobytes.
 */
public class FilesProfile implements QuarkusTestProfile {

    public static final int BODY_LIMIT = 600_000;
    public static final int REUSE_ABOVE = 300_000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.router.max-body-bytes", String.valueOf(BODY_LIMIT),
                "gateway.files.reuse-above-bytes", String.valueOf(REUSE_ABOVE));
    }
}
