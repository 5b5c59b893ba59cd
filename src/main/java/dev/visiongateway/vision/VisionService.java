package dev.visiongateway.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.image.ImageIntake;
import dev.visiongateway.image.ImagePreparation;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.image.UploadedImage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Runs describe, compare and ocr: checks the request, prepares its images for the model's backend, calls it. */
@ApplicationScoped
public class VisionService {

    private final RequestRules rules;
    private final ImageIntake intake;
    private final ModelCatalog catalog;
    private final Backends backends;
    private final OperationMetrics metrics;
    private final HistoryImages history;
    private final ModelFallbacks fallbacks;

    VisionService(RequestRules rules, ImageIntake intake, ModelCatalog catalog, Backends backends,
            OperationMetrics metrics, HistoryImages history, ModelFallbacks fallbacks) {
        this.history = history;
        this.fallbacks = fallbacks;
        this.rules = rules;
        this.intake = intake;
        this.catalog = catalog;
        this.backends = backends;
        this.metrics = metrics;
    }

    /** The whole answer at once. */
    public Uni<VisionAnswer> answer(VisionOperation operation, VisionRequest request, List<UploadedImage> uploads) {
        // the metric's model is known once the default is resolved; a request refused before that is "rejected"
        AtomicReference<String> model = new AtomicReference<>(named(request).orElse("default"));
        return metrics.timed(operation.id(), model::get, prepare(operation, request, uploads)
                .invoke(prepared -> model.set(prepared.model()))
                .flatMap(prepared -> completed(prepared, model::set)));
    }

    /** The whole answer at once, of a call prepared already. */
    public Uni<VisionAnswer> answer(PreparedCall prepared) {
        AtomicReference<String> model = new AtomicReference<>(prepared.model());
        return metrics.timed(prepared.operation().id(), model::get, completed(prepared, model::set));
    }

    private Uni<VisionAnswer> completed(PreparedCall prepared, Consumer<String> answeringModel) {
        // the model that answers: the chosen one, or a fallback
        AtomicReference<PreparedCall> answering = new AtomicReference<>(prepared);
        return fallbacks.complete(prepared.operation().id(), prepared.model(), prepared.backend(),
                other -> prepared.backend().complete(prepared.call().withModel(other)),
                fellBack -> answeringModel.accept(answering.updateAndGet(call -> call.fellBack(fellBack)).model()))
                .map(completion -> answering.get().answer(completion));
    }

    /** The answer as events, streamed as the backend produces them. */
    public Multi<StreamEvent> stream(PreparedCall prepared) {
        return Multi.createFrom().deferred(() -> {
            AtomicReference<PreparedCall> answering = new AtomicReference<>(prepared);
            return AnswerStream.of(answering::get, metrics.timed(prepared.operation().id(), () -> answering.get().model(),
                    fallbacks.stream(prepared.operation().id(), prepared.model(), prepared.backend(),
                            other -> prepared.backend().stream(prepared.call().withModel(other)),
                            fellBack -> answering.updateAndGet(call -> call.fellBack(fellBack)))));
        });
    }

    /** Everything up to the backend call; fails with a problem for any fault of the request. */
    public Uni<PreparedCall> prepare(VisionOperation operation, VisionRequest request, List<UploadedImage> uploads) {
        return check(operation, request, uploads).flatMap(checked -> prepare(operation, checked, request, uploads));
    }

    /**
     * Every check of a request that needs no image's bytes: counts, history, the model (the one it names, else the
     * operation's default), that its backend serves the operation, that the catalog offers it. The intake's checks
     * of each image come with {@link #prepare(VisionOperation, Checked, VisionRequest, List)}.
     */
    public Uni<Checked> check(VisionOperation operation, VisionRequest request, List<UploadedImage> uploads) {
        return Uni.createFrom().deferred(() -> {
            String imagesField = uploads.isEmpty() ? "images" : "image";
            int imageCount = request.imagesOrEmpty().size() + uploads.size();
            rules.imageCount(imageCount, imagesField);
            return named(request).map(model -> Uni.createFrom().item(model))
                    .orElseGet(() -> catalog.defaultFor(operation.id()))
                    .flatMap(model -> {
                        if (operation == VisionOperation.COMPARE) {
                            rules.enoughToCompare(imageCount, imagesField);
                        }
                        rules.history(request.historyOrEmpty());
                        int historyImages = HistoryImages.count(request.historyOrEmpty());
                        if (historyImages > 0) {
                            rules.notTooManyImages(imageCount + historyImages, "history");
                        }
                        VisionBackend backend = backends.forModel(model);
                        backend.checkServes(model, operation);
                        return catalog.verify(model, request.model() == null
                                ? "model (default for " + operation.id() + ")"
                                : "model")
                                .map(warnings -> new Checked(model, backend, List.copyOf(warnings)));
                    });
        });
    }

    /** A request that passed {@link #check}: its model, that model's backend, and the warnings so far. */
    public record Checked(String model, VisionBackend backend, List<String> warnings) {

        /** How the backend wants the images prepared for {@code operation}. */
        public ImagePreparation preparation(VisionOperation operation) {
            return backend.preparation(operation);
        }
    }

    /** The images prepared and the call built, for a request that passed {@link #check}. */
    public Uni<PreparedCall> prepare(VisionOperation operation, Checked checked, VisionRequest request,
            List<UploadedImage> uploads) {
        String model = checked.model();
        VisionBackend backend = checked.backend();
        int historyImages = HistoryImages.count(request.historyOrEmpty());
        List<String> warnings = Collections.synchronizedList(new ArrayList<>(checked.warnings()));
        List<JsonImagePart> historyParts = new ArrayList<>();
        // the history goes to the router as chat messages: its images are normalized like the new ones
        return (historyImages == 0 || backend.preparation(operation) == ImagePreparation.AS_SENT
                ? Uni.createFrom().voidItem()
                : history.prepare(request.historyOrEmpty(), rules.takesDetail(model), warnings::add)
                        .invoke(historyParts::addAll).replaceWithVoid())
                .flatMap(ignored -> intake.prepare(request.imagesOrEmpty(), uploads, request.detail(),
                        backend.preparation(operation), warnings::add))
                .map(images -> {
                    if (images.stream().anyMatch(image -> image.detail() != null) && !rules.takesDetail(model)) {
                        rules.detailIgnored(model, warnings::add);
                    }
                    return new VisionCall("vg-" + UUID.randomUUID(), operation, model,
                            PromptTemplates.render(operation, request,
                                    images.stream().map(PreparedImage::report).toList()),
                            request.format(),
                            request.language(), request.historyOrEmpty(), List.copyOf(historyParts), images,
                            request.maxTokens());
                })
                .flatMap(backend::fitted)
                .map(call -> new PreparedCall(call, backend, List.copyOf(warnings)));
    }

    private static Optional<String> named(VisionRequest request) {
        return request.model() == null || request.model().isBlank() ? Optional.empty()
                : Optional.of(request.model().strip());
    }
}
