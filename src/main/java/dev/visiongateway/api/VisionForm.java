package dev.visiongateway.api;

import java.util.ArrayList;
import java.util.List;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.Detail;
import dev.visiongateway.image.UploadedImage;
import dev.visiongateway.problem.EnumChoice;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.vision.OcrFormat;
import dev.visiongateway.vision.VisionRequest;

/**
 * The {@code multipart/form-data} body of describe, compare and ocr, as a browser's
 * {@code <input type=file multiple name=image>} form posts it: repeated {@code image} file parts, the other
 * fields as text parts ({@code history} as a JSON array).
 */
public class VisionForm {

    @RestForm("image")
    public List<FileUpload> images = new ArrayList<>();

    @RestForm
    public String prompt;

    @RestForm
    public String model;

    @RestForm
    public String detail;

    @RestForm
    public String history;

    @RestForm("max_tokens")
    public Integer maxTokens;

    @RestForm
    public Boolean stream;

    @RestForm
    public String language;

    @RestForm
    public String format;

    public List<UploadedImage> uploads() {
        if (images == null || images.isEmpty()) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "image",
                    "The form must hold at least one 'image' file part.");
        }
        return images.stream().map(upload -> new UploadedImage(upload.uploadedFile(), upload.fileName(),
                upload.contentType(), upload.size())).toList();
    }

    /** The same request as the JSON body would make; field faults are reported under the form's names. */
    public VisionRequest toRequest(ObjectMapper json) {
        return new VisionRequest(List.of(), prompt, model, enumValue(Detail.class, detail, "detail"),
                historyTurns(json), maxTokens, stream, language, enumValue(OcrFormat.class, format, "format"));
    }

    private List<ObjectNode> historyTurns(ObjectMapper json) {
        if (history == null || history.isBlank()) {
            return null;
        }
        try {
            JsonNode turns = json.readTree(history);
            List<ObjectNode> list = new ArrayList<>();
            for (JsonNode turn : turns.isArray() ? turns : json.createArrayNode()) {
                if (!turn.isObject()) {
                    throw new IllegalArgumentException();
                }
                list.add((ObjectNode) turn);
            }
            if (!turns.isArray()) {
                throw new IllegalArgumentException();
            }
            return list;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "history",
                    "'history' must be a JSON array of messages in OpenAI shape.");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        return value == null || value.isBlank() ? null : EnumChoice.parse(type, value.strip(), field);
    }
}
