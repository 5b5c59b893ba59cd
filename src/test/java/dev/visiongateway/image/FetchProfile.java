package dev.visiongateway.image;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Downloads on, with the loopback image server of the tests (127.0.0.2) on the allow-list, plain http allowed
 * for it, and short timeouts and small limits so each refusal is quick to provoke.
 */
public class FetchProfile implements QuarkusTestProfile {

    static final String IMAGE_HOST = "127.0.0.2";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.fetch.mode", "fetch",
                "gateway.fetch.allow", IMAGE_HOST + "/32",
                "gateway.fetch.allow-http", "true",
                "gateway.fetch.read-timeout", "500ms",
                "gateway.fetch.total-timeout", "2s",
                "gateway.images.max-bytes", "1000000",
                "gateway.uploads.max-file-bytes", "1000000",
                "gateway.uploads.max-request-bytes", "3000000",
                "gateway.requests.max-json-bytes", "3000000");
    }
}
