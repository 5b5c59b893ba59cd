package dev.visiongateway.answers;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.ImageIdentities.ImageKey;
import dev.visiongateway.vision.VisionRequest;

/**
 * The key an answer is stored under: the SHA-256 of everything that changes it. Who asks (the client key, unless
 * answers are shared across keys), the operation, the model asked, each image by content in order, and the
 * question: prompt, history (as it came, before its images are normalized in place), language, format, max_tokens;
 * for chat completions, the whole checked request.
 */
@ApplicationScoped
class AnswerKeys {

    private final ObjectMapper json;
    private final AnswerCacheConfig config;

    AnswerKeys(ObjectMapper json, AnswerCacheConfig config) {
        this.json = json;
        this.config = config;
    }

    /** The SHA-256 of a request's history as it came, written straight into the digest. */
    String history(VisionRequest request) {
        if (request.historyOrEmpty().isEmpty()) {
            return null;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                json.writeValue(out, request.historyOrEmpty());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a history's digest could not be made", e);
        }
    }

    String operation(String tenant, String operation, String model, List<ImageKey> images, VisionRequest request,
            String history) {
        ObjectNode question = asked(tenant, images).put("operation", operation).put("model", model)
                .put("prompt", request.prompt()).put("language", request.language())
                .put("format", request.format() == null ? null : request.format().name())
                .put("max_tokens", request.maxTokens()).put("history", history);
        return hashed(question);
    }

    String chat(String tenant, List<ImageKey> images, JsonNode request) {
        ObjectNode question = asked(tenant, images).put("operation", "chat");
        question.set("request", request);
        return hashed(question);
    }

    /** Written as JSON in a fixed order: the same question is the same bytes. */
    private ObjectNode asked(String tenant, List<ImageKey> images) {
        ObjectNode question = json.createObjectNode().put("tenant", config.sharedAcrossKeys() ? null : tenant);
        ArrayNode keys = question.putArray("images");
        images.forEach(image -> keys.addArray().add(image.content())
                .add(image.detail() == null ? null : image.detail().name()));
        return question;
    }

    private String hashed(ObjectNode question) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(question)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("an answer's key could not be made", e);
        }
    }
}
