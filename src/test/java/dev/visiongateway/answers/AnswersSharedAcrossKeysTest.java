package dev.visiongateway.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.RouterStubs;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import dev.visiongateway.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** docs/ARCHITECTURE.md rule 22: with gateway.answer-cache.shared-across-keys, every key gets the stored answer. */
@QuarkusTest
@TestProfile(AnswersSharedAcrossKeysTest.Shared.class)
class AnswersSharedAcrossKeysTest extends RouterTest {

    public static class Shared implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.auth.mode", "keys",
                    "gateway.auth.keys", TestKeys.entries("ann", "bob"),
                    "gateway.answer-cache.enabled", "true",
                    "gateway.answer-cache.shared-across-keys", "true");
        }
    }

    @Test
    void anotherKeyGetsTheStoredAnswer() {
        Map<String, Object> request = Map.of("images",
                List.of(Map.of("url", TestImages.dataUrl("image/png", TestImages.png(120, 90, Color.RED)))));

        AnswerCacheRedisTest.describe("ann", request).then().statusCode(200)
                .header("Cache-Status", "vision-gateway; fwd=miss; stored");
        AnswerCacheRedisTest.describe("bob", request).then().statusCode(200)
                .header("Cache-Status", "vision-gateway; hit");
        assertThat(RouterStubs.chatRequests(router)).hasSize(1);
    }
}
