package dev.visiongateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** The answers the fake router gives, and what it was sent. */
public final class RouterStubs {

    public static final String CATALOG = """
            {"data": [
              {"id": "google/gemini-2.5-flash", "name": "Gemini 2.5 Flash", "context_length": 1048576,
               "architecture": {"input_modalities": ["text", "image", "file"], "output_modalities": ["text"]}},
              {"id": "openai/gpt-4.1-mini", "name": "GPT-4.1 mini",
               "architecture": {"input_modalities": ["text", "image"]}},
              {"id": "openai/gpt-4o", "modalities": ["text", "image"]},
              {"id": "anthropic/claude-sonnet-4", "architecture": {"modality": "text+image->text"}},
              {"id": "meta/llama-3-8b", "architecture": {"input_modalities": ["text"]}, "pricing": {"prompt": "0"}}
            ]}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RouterStubs() {
    }

    /** The router's JSON body limit as the fake enforces it (with a 413), unless a test sets its own. */
    public static final int BODY_LIMIT = 20_000_000;

    public static void standard(WireMockServer router, String answer) {
        router.resetAll();
        router.stubFor(get(urlPathEqualTo("/api/models")).willReturn(okJson(CATALOG)));
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(completion(answer))));
        filesApi(router);
        bodyLimit(router, BODY_LIMIT);
    }

    /**
     * The Files API: {@code POST /v1/files} (multipart {@code file} and {@code purpose}) answers an OpenAI file
     * object with a fresh id each time.
     */
    public static void filesApi(WireMockServer router) {
        router.stubFor(post(urlPathEqualTo("/v1/files")).willReturn(okJson("""
                {"id": "file-{{randomValue length=24 type='ALPHANUMERIC'}}", "object": "file", "bytes": 1,
                 "filename": "image", "purpose": "vision", "status": "processed"}""")
                .withTransformers("response-template")));
    }

    /** Chat requests whose body is over {@code bytes} are refused with a 413, as the real router does. */
    public static void bodyLimit(WireMockServer router, int bytes) {
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
                .andMatching(request -> MatchResult.of(request.getBody().length > bytes))
                .willReturn(status(413).withBody("{\"error\": {\"message\": \"Request body too large\","
                        + " \"code\": \"request_too_large\"}}")));
    }

    /** Chat requests naming {@code fileId} are answered that the file does not exist (expired at the router). */
    public static void forgetFile(WireMockServer router, String fileId) {
        router.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(2)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"" + fileId + "\""))
                .willReturn(status(404).withBody("{\"error\": {\"message\": \"No such file: " + fileId
                        + "\", \"code\": \"file_not_found\"}}")));
    }

    public static List<LoggedRequest> fileUploads(WireMockServer router) {
        return router.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/v1/files")));
    }

    public static String completion(String text) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "model": "google/gemini-2.5-flash",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": %s}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 812, "completion_tokens": 9, "total_tokens": 821}}"""
                .formatted(quoted(text));
    }

    public static JsonNode lastChatRequest(WireMockServer router) {
        List<LoggedRequest> requests = chatRequests(router);
        if (requests.isEmpty()) {
            throw new AssertionError("the router received no chat request");
        }
        try {
            return JSON.readTree(requests.get(requests.size() - 1).getBodyAsString());
        } catch (java.io.IOException e) {
            throw new AssertionError("the router received a body that is not JSON", e);
        }
    }

    public static List<LoggedRequest> chatRequests(WireMockServer router) {
        return router.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/v1/chat/completions")));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder status(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json");
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
