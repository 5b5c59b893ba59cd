package dev.visiongateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.visiongateway.access.BodyAdmission;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * docs/ARCHITECTURE.md rule 12: a body is admitted before anything reads it. Too large is a 413 problem, a JSON body
 * of unknown length a 411, too many large bodies at once a 503 problem, a body that never finishes a 408, and
 * nothing of that is a 500.
 */
@QuarkusTest
@TestProfile(LargeBodiesTest.SmallLimits.class)
class LargeBodiesTest extends RouterTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.requests.max-json-bytes", "3000000",
                    "gateway.uploads.max-request-bytes", "3000000",
                    "gateway.requests.in-flight-body-bytes", "3000000",
                    "gateway.requests.in-flight-upload-bytes", "3M",
                    "gateway.requests.body-timeout", "12s");
        }
    }

    @Test
    void jsonBodyOverTheLimitIsA413Problem() {
        given().contentType(ContentType.JSON).body(describeBody("A".repeat(4_000_000)))
                .when().post("/v1/describe")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("request_too_large"))
                .body("detail", containsString("3 MB"));
    }

    @Test
    void chatBodyOverTheLimitIsA413ProblemWithAnOpenAiError() {
        String body = "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png;base64," + "A".repeat(4_000_000) + "\"}}]}]}";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/chat/completions")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("request_too_large"))
                .body("error.code", equalTo("request_too_large"));
    }

    @Test
    void chunkedJsonBodyIsRefusedWithLengthRequired() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/describe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // the start of a valid body, so that the reader keeps reading the long string that follows
            out.write(chunked("{\"images\": [{\"url\": \"data:image/png;base64,"));
            byte[] chunk = chunked("A".repeat(500_000));
            try {
                for (int i = 0; i < 8; i++) {
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedWhileSending) {
                // the gateway may answer and close before the client has sent everything
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 411 ").contains("\"code\":\"length_required\"");
        }
    }

    @Test
    void http2JsonBodyWithoutALengthIsRefusedWithLengthRequired() throws Exception {
        // HTTP/2 frames a body without Transfer-Encoding: no Content-Length there is an unknown length too
        io.vertx.core.http.HttpClient client = Arc.container().instance(io.vertx.core.Vertx.class).get()
                .createHttpClient(new io.vertx.core.http.HttpClientOptions()
                        .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        try {
            var answer = client.request(io.vertx.core.http.HttpMethod.POST, RestAssured.port, "127.0.0.1",
                    "/v1/describe").compose(request -> {
                        request.putHeader("Content-Type", "application/json").setChunked(true);
                        request.write("{\"images\": [{\"url\": \"https://example.com/a.png\"}]");
                        return request.end("}").compose(sent -> request.response());
                    }).compose(response -> response.body().map(body -> Map.entry(response, body.toString())))
                    .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.getKey().version()).isEqualTo(io.vertx.core.http.HttpVersion.HTTP_2);
            assertThat(answer.getKey().statusCode()).isEqualTo(411);
            assertThat(answer.getValue()).contains("\"code\":\"length_required\"");
        } finally {
            client.close();
        }
    }

    @Test
    void largeBodiesBeyondTheInFlightBudgetAre503UntilOneFinishes() throws IOException {
        String stalled = describeBody("A".repeat(2_500_000));
        try (Socket first = new Socket("127.0.0.1", RestAssured.port)) {
            // declares 2.5 MB and sends a part: the budget holds it while the rest is awaited
            OutputStream out = first.getOutputStream();
            out.write(("POST /v1/describe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + stalled.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(stalled.substring(0, 1000).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaitility.await().until(() -> admission().inFlightBytes() >= stalled.length());

            given().contentType(ContentType.JSON).body(describeBody("A".repeat(2_000_000)))
                    .when().post("/v1/describe")
                    .then().statusCode(503)
                    .header("Retry-After", "1")
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("requests_busy"));
        }
        // the stalled request's share is given back when its connection ends
        Awaitility.await().until(() -> admission().inFlightBytes() == 0);
        String small = Base64.getEncoder().encodeToString(TestImages.png(64, 64, Color.RED));
        Awaitility.await().untilAsserted(() -> given().contentType(ContentType.JSON).body(describeBody(small))
                .when().post("/v1/describe").then().statusCode(200));
    }

    @Test
    void uploadsBeyondTheDiskBudgetAre503UntilOneFinishes() throws IOException {
        try (Socket first = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = first.getOutputStream();
            out.write(("POST /v1/describe HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 2500000\r\n\r\n--b\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Awaitility.await().until(() -> admission().uploadingBytes() >= 2_500_000);

            given().multiPart("image", "big.png", new byte[1_000_000], "image/png")
                    .when().post("/v1/describe")
                    .then().statusCode(503)
                    .body("code", equalTo("requests_busy"));
        }
        Awaitility.await().until(() -> admission().uploadingBytes() == 0);
        given().multiPart("image", "small.png", TestImages.png(64, 64, Color.RED), "image/png")
                .when().post("/v1/describe")
                .then().statusCode(200);
    }

    @Test
    void chunkedUploadThatOutgrowsTheLimitGivesItsShareBack() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/describe HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(chunked("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n"));
            byte[] chunk = chunked("A".repeat(500_000));
            try {
                for (int i = 0; i < 8; i++) {
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closedWhileSending) {
                // the gateway may answer and close before the client has sent everything
            }
            assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 413 ");
        } catch (java.net.SocketException reset) {
            // closed while the client was still sending: the refusal is what follows
        }
        Awaitility.await().until(() -> admission().uploadingBytes() == 0);
    }

    @Test
    void bodyThatNeverFinishesIsA408AndTheConnectionCloses() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/describe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5000\r\n\r\n{\"images\": [").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"code\":\"body_timeout\"");
        }
    }

    @Test
    void deeplyNestedJsonIsMalformedNotAServerError() {
        String nested = "{\"images\": [{\"url\": \"https://a.example/x.png\"}], \"history\": [{\"a\":"
                + "[".repeat(5_000) + "]".repeat(5_000) + "}]}";
        given().contentType(ContentType.JSON).body(nested)
                .when().post("/v1/describe")
                .then().statusCode(400)
                .body("code", equalTo("malformed_json"));
    }

    private static BodyAdmission admission() {
        return Arc.container().instance(BodyAdmission.class).get();
    }

    private static String describeBody(String base64) {
        return "{\"images\": [{\"url\": \"data:image/png;base64," + base64 + "\"}]}";
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private static byte[] chunked(String text) {
        return (Integer.toHexString(text.length()) + "\r\n" + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

}
