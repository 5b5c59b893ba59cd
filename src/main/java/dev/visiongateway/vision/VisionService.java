package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.image.ImageIntake;
import dev.visiongateway.image.ImageLimits;
import dev.visiongateway.image.ImageReport;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.image.UploadedImage;
import dev.visiongateway.local.LocalModels;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Runs describe, compare and ocr: checks the request, prepares its images, builds the chat request. */
@ApplicationScoped
public class VisionService {

    private final ModelDefaults defaults;
    private final ImageLimits limits;
    private final ImageIntake intake;
    private final ModelCatalog catalog;
    private final Backends backends;
    private final OperationMetrics metrics;

    VisionService(ModelDefaults defaults, ImageLimits limits, ImageIntake intake, ModelCatalog catalog,
            Backends backends, OperationMetrics metrics) {
        this.defaults = defaults;
        this.limits = limits;
        this.intake = intake;
        this.catalog = catalog;
        this.backends = backends;
        this.metrics = metrics;
    }

    /** The whole answer at once. */
    public Uni<VisionAnswer> answer(Operation operation, VisionRequest request, List<UploadedImage> uploads) {
        return metrics.timed(operation, modelOf(operation, request), prepare(operation, request, uploads)
                .flatMap(call -> call.backend().complete(call.chat()).map(call::answer)));
    }

    /** The answer as events, streamed as the backend produces them. */
    public Multi<StreamEvent> stream(PreparedCall call) {
        return metrics.timed(call.operation(), call.model(), AnswerStream.of(call));
    }

    /** Everything up to the backend call; fails with a problem for any fault of the request. */
    public Uni<PreparedCall> prepare(Operation operation, VisionRequest request, List<UploadedImage> uploads) {
        return Uni.createFrom().deferred(() -> prepareChecked(operation, request, uploads));
    }

    private Uni<PreparedCall> prepareChecked(Operation operation, VisionRequest request, List<UploadedImage> uploads) {
        String model = modelOf(operation, request);
        checkImageCount(operation, request.imagesOrEmpty().size() + uploads.size(), !uploads.isEmpty());
        VisionBackend backend = backends.forModel(model);
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        return catalog.verify(model, request.model() == null ? "model (default for " + operation.id() + ")" : "model")
                .invoke(warnings::addAll)
                // the local engine preprocesses for Tesseract itself and reports boxes in the client's pixels
                .flatMap(ignored -> intake.prepare(request.imagesOrEmpty(), uploads, request.detail(),
                        operation == Operation.OCR && !LocalModels.isLocal(model), warnings::add))
                .map(images -> {
                    List<ChatMessage> messages = new MessageBuilder(limits.maxPartsPerMessage()).build(
                            PromptTemplates.render(operation, request, images.size()), images,
                            request.historyOrEmpty(), defaults.takesDetail(model), model, warnings::add);
                    List<ImageReport> reports = images.stream().map(PreparedImage::report).toList();
                    return new PreparedCall("vg-" + UUID.randomUUID(), operation, model,
                            new ChatRequest(model, messages, request.maxTokens(), null,
                                    new ChatRequest.Task(operation, request.format(), request.language())),
                            backend, reports,
                            List.copyOf(warnings));
                });
    }

    private String modelOf(Operation operation, VisionRequest request) {
        return request.model() == null || request.model().isBlank() ? backends.defaultModel(operation)
                : request.model().strip();
    }

    private void checkImageCount(Operation operation, int count, boolean multipart) {
        String field = multipart ? "image" : "images";
        if (count == 0) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, field, "'" + field + "' must hold at least one image.");
        }
        if (count > limits.maxImages()) {
            throw GatewayProblem.of(ErrorCode.TOO_MANY_IMAGES, field, "The request has " + count
                    + " images; at most " + limits.maxImages() + " are accepted per request.");
        }
        if (operation == Operation.COMPARE && count < 2) {
            throw GatewayProblem.of(ErrorCode.TOO_FEW_IMAGES, field, "Compare needs at least 2 images; "
                    + count + " given.");
        }
    }
}
