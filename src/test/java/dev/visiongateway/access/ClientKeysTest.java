package dev.visiongateway.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.visiongateway.support.Management;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * {@code gateway.auth.mode=keys} (docs/ARCHITECTURE.md rule 15): every {@code /v1} call at both doors needs a
 * configured key, by either header; the keys file is re-read when it changes; health stays open.
 */
@QuarkusTest
@TestProfile(ClientKeysTest.WithKeys.class)
class ClientKeysTest {

    static final Path KEYS_FILE = keysFile();

    private static int writes;

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.auth.mode", "keys",
                    "gateway.auth.keys", "frontend:" + sha256("frontend-key") + ",batch:" + sha256("batch-key"),
                    "gateway.auth.keys-file", KEYS_FILE.toString(),
                    "gateway.auth.keys-file-check-interval", "100ms");
        }
    }

    @Test
    void aCallWithoutAKeyIs401WithAnOpenAiErrorAtTheChatDoor() {
        given().when().get("/v1/models")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("code", equalTo("invalid_api_key"))
                .body("detail", containsString("Authorization: Bearer"));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "messages", List.of(Map.of("role", "user", "content", "hi"))))
                .when().post("/v1/chat/completions")
                .then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.type", equalTo("invalid_api_key"));
    }

    @Test
    void aWrongKeyIs401AtBothDoors() {
        describe("Bearer not-a-key").then().statusCode(401).body("detail", equalTo(
                "The API key is not valid for this gateway."));
        given().header("x-api-key", "frontend-key-but-longer").contentType(ContentType.JSON)
                .body(Map.of("model", "openai/gpt-4o", "messages", List.of(Map.of("role", "user", "content", "hi"))))
                .when().post("/v1/chat/completions")
                .then().statusCode(401).body("code", equalTo("invalid_api_key"));
    }

    @Test
    void theRoutersCatalogPathNeedsAKeyToo() {
        given().when().get("/api/models?modality=image").then().statusCode(401).body("code", equalTo("invalid_api_key"));
        given().header("x-api-key", "batch-key").when().get("/api/models?modality=image").then().statusCode(200);
    }

    @Test
    void eitherHeaderCarriesAKey() {
        describe("Bearer frontend-key").then().statusCode(200).body("model", equalTo("local/vision"));
        given().header("x-api-key", "batch-key").when().get("/v1/models").then().statusCode(200);
    }

    @Test
    void keysInTheFileAreTakenUpWhenItChangesAndRevokedWhenRemoved() throws IOException {
        writeKeys("mobile:" + sha256("mobile-key"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> describe("Bearer mobile-key").then().statusCode(200));

        writeKeys("# mobile revoked");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> describe("Bearer mobile-key").then().statusCode(401));
        describe("Bearer frontend-key").then().statusCode(200);
    }

    @Test
    void theOfficialOpenAiClientRaisesItsUsualUnauthorizedError() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + RestAssured.port + "/v1")
                .apiKey("sk-wrong").maxRetries(0).build();
        try {
            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("openai/gpt-4o").addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, error -> {
                        assertThat(error.statusCode()).isEqualTo(401);
                        assertThat(error.getMessage()).contains("The API key is not valid");
                    });
        } finally {
            client.close();
        }
    }

    @Test
    void healthAndTheBrowserModuleNeedNoKey() {
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/js/vision-gateway.js").then().statusCode(200);
    }

    private static io.restassured.response.Response describe(String authorization) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON)
                .body(Map.of("images", List.of(Map.of("url", TestImages.pngDataUrl(32, 32)))))
                .when().post("/v1/describe");
    }

    private static void writeKeys(String content) throws IOException {
        Files.writeString(KEYS_FILE, content + "\n", StandardCharsets.UTF_8);
        // some file systems keep mtime in whole seconds: each write gets its own, so that every change is seen
        Files.setLastModifiedTime(KEYS_FILE, FileTime.from(Instant.now().plusSeconds(2L * ++writes)));
    }

    /** One fixed path: the profile and the test methods may see this class from different class loaders. */
    private static Path keysFile() {
        try {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "vision-gateway-client-keys-test.txt");
            if (!Files.exists(file)) {
                Files.writeString(file, "# no keys yet\n", StandardCharsets.UTF_8);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String key) {
        return HexFormat.of().formatHex(ClientKeys.sha256(key.getBytes(StandardCharsets.UTF_8)));
    }
}
