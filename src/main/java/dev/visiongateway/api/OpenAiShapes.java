package dev.visiongateway.api;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The OpenAI shapes {@code POST /v1/chat/completions} takes and answers, for the OpenAPI document: the resource reads
 * and writes Jackson trees, to pass the client's request on as written, so its own types would document Jackson's.
 * Only the fields the gateway accepts are listed ({@code vision.ChatFields}); anything else is a 400 naming it.
 */
final class OpenAiShapes {

    private OpenAiShapes() {
    }

    @Schema(name = "ChatCompletionRequest", description = "An OpenAI chat completion request with image parts")
    record ChatRequest(
            @Schema(required = true, examples = "openai/gpt-4o") String model,
            @Schema(required = true, minItems = 1) List<Message> messages,
            Boolean stream, Map<String, Object> streamOptions, Integer maxTokens, Integer maxCompletionTokens,
            Double temperature, Double topP, Double presencePenalty, Double frequencyPenalty, Long seed,
            @Schema(description = "1: one answer per request") Integer n,
            @Schema(description = "a string or at most 4 strings") Object stop,
            @Schema(maxLength = 256) String user,
            @Schema(description = "e.g. {\"type\": \"json_object\"}") Map<String, Object> responseFormat,
            Boolean logprobs, Integer topLogprobs, Map<String, Integer> logitBias,
            @Schema(maxItems = 32) List<Map<String, Object>> tools, Object toolChoice, Boolean parallelToolCalls,
            String reasoningEffort, Map<String, String> metadata) {
    }

    @Schema(name = "ChatMessage")
    record Message(
            @Schema(required = true, enumeration = {
                    "system", "developer", "user", "assistant", "tool" }) String role,
            @Schema(description = "a string, or at most 16 parts", oneOf = { String.class, Part[].class }) Object content){
    }

    @Schema(name = "ChatContentPart", description = "text, an image (https or data: URL) or a Files API file")
    record Part(
            @Schema(required = true, enumeration = {
                    "text", "image_url", "input_file" }) String type,
            String text, ImageUrl imageUrl, InputFile inputFile){
    }

    @Schema(name = "ChatImageUrl")
    record ImageUrl(@Schema(required = true, description = "https or data:image/...;base64") String url,
            @Schema(enumeration = {
                    "low", "high", "auto" }, description = "sent only to models that take it") String detail){
    }

    @Schema(name = "ChatInputFile")
    record InputFile(@Schema(required = true) String fileId, String mimeType) {
    }

    @Schema(name = "ChatCompletion", description = "The router's answer, as it gave it")
    record Completion(String id, @Schema(examples = "chat.completion") String object, Long created, String model,
            List<Choice> choices, Usage usage,
            @Schema(description = "true when the answer cache gave it") Boolean cached) {
    }

    @Schema(name = "ChatChoice")
    record Choice(Integer index, AssistantMessage message,
            @Schema(examples = "stop") String finishReason) {
    }

    @Schema(name = "ChatAssistantMessage")
    record AssistantMessage(@Schema(examples = "assistant") String role, String content) {
    }

    @Schema(name = "ChatUsage")
    record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {
    }

}
