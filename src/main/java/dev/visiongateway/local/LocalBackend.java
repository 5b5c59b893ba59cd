package dev.visiongateway.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.catalog.CatalogModel;
import dev.visiongateway.image.ImageDecoder;
import dev.visiongateway.image.ImageLimits;
import dev.visiongateway.image.ImagePermits;
import dev.visiongateway.vision.ChatChunk;
import dev.visiongateway.vision.ChatCompletion;
import dev.visiongateway.vision.ChatRequest;
import dev.visiongateway.vision.OcrFormat;
import dev.visiongateway.vision.Operation;
import dev.visiongateway.vision.VisionBackend;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The offline engine behind the backend port (docs/ARCHITECTURE.md section 5): {@code local/ocr} reads text with Tesseract,
 * {@code local/vision} describes and compares images from measured facts. It acts on the request's task, not on
 * its prompt. Images are handled one after the other, and their text is emitted as soon as it is ready, so a
 * stream starts with the first image; decoding and measuring run on worker threads, Tesseract in its own pool.
 */
@ApplicationScoped
public class LocalBackend implements VisionBackend {

    private final TesseractOcr ocr;
    private final LocalConfig config;
    private final ObjectMapper json;
    private final ImageDecoder decoder;
    private final ImagePermits permits;
    private final ImageLimits limits;

    LocalBackend(TesseractOcr ocr, LocalConfig config, ObjectMapper json, ImageDecoder decoder, ImagePermits permits,
            ImageLimits limits) {
        this.ocr = ocr;
        this.config = config;
        this.json = json;
        this.decoder = decoder;
        this.permits = permits;
        this.limits = limits;
    }

    @Override
    public Uni<ChatCompletion> complete(ChatRequest request) {
        return Uni.createFrom().deferred(() -> {
            String id = "local-" + UUID.randomUUID();
            return pieces(request).collect().in(StringBuilder::new, StringBuilder::append)
                    .map(text -> new ChatCompletion(id, request.model(), List.of(new ChatCompletion.Choice(0,
                            new ChatCompletion.Message("assistant", TextNode.valueOf(text.toString())), "stop")),
                            null));
        });
    }

    @Override
    public Multi<ChatChunk> stream(ChatRequest request) {
        return Multi.createFrom().deferred(() -> {
            String id = "local-" + UUID.randomUUID();
            return pieces(request)
                    .map(text -> chunk(id, request.model(), TextNode.valueOf(text), null))
                    .onCompletion().continueWith(chunk(id, request.model(), null, "stop"));
        });
    }

    /** A one-line summary of the engine, for the startup log. */
    public String engineSummary() {
        return ocr.installedLanguages()
                .map(languages -> "Tesseract with languages " + String.join(", ", languages))
                .orElse("Tesseract NOT found at '" + config.tesseractPath() + "': local/ocr answers 503 until it is"
                        + " installed (sudo apt-get install -y tesseract-ocr tesseract-ocr-eng)");
    }

    private Multi<String> pieces(ChatRequest request) {
        ChatRequest.Task task = request.task();
        if (task == null) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "model", "The local models serve /v1/describe,"
                    + " /v1/compare and /v1/ocr only.");
        }
        checkServes(LocalModels.normalized(request.model()), task.operation());
        // base64 decoding of large images is CPU work: off the event loop too
        return onWorker(() -> RequestImages.of(request)).onItem().transformToMulti(images -> switch (task.operation()) {
            case OCR -> ocr(images, task);
            case DESCRIBE -> describe(images, task);
            case COMPARE -> compare(images);
        });
    }

    private Multi<String> ocr(List<byte[]> images, ChatRequest.Task task) {
        OcrFormat format = task.format() == null ? OcrFormat.TEXT : task.format();
        boolean several = images.size() > 1;
        Multi<String> perImage = Multi.createFrom().range(0, images.size()).onItem().transformToMultiAndConcatenate(
                index -> withDecoded(index, images.get(index), image -> ocr.read(image, task.language())
                        .map(text -> framed(format, layout(format, text, image), index, several))));
        return format == OcrFormat.JSON
                ? Multi.createBy().concatenating().streams(Multi.createFrom().item("{\"images\":["), perImage,
                        Multi.createFrom().item("]}"))
                : perImage;
    }

    private List<String> layout(OcrFormat format, OcrText text, LocalImage image) {
        return switch (format) {
            case TEXT -> OcrLayout.text(text);
            case MARKDOWN -> OcrLayout.markdown(text);
            case JSON -> List.of(OcrLayout.json(text, image, json));
        };
    }

    /** Images after the first are set apart; several images are headed by their number. */
    private static List<String> framed(OcrFormat format, List<String> pieces, int index, boolean several) {
        List<String> framed = new ArrayList<>(pieces.size() + 1);
        String separator = index == 0 ? "" : format == OcrFormat.JSON ? "," : "\n\n";
        String heading = !several || format == OcrFormat.JSON ? ""
                : format == OcrFormat.MARKDOWN ? "## Image " + (index + 1) + "\n\n" : "Image " + (index + 1) + "\n";
        framed.add(separator + heading);
        framed.addAll(pieces);
        return framed.stream().filter(piece -> !piece.isEmpty()).toList();
    }

    private Multi<String> describe(List<byte[]> images, ChatRequest.Task task) {
        boolean several = images.size() > 1;
        Multi<String> sentences = Multi.createFrom().range(0, images.size()).onItem().transformToMultiAndConcatenate(
                index -> withDecoded(index, images.get(index), image -> textOf(image, task.language())
                        .flatMap(text -> onWorker(() -> spaced(LocalDescriber.describe(ImageFacts.measure(image,
                                text.ocr()), several ? "Image " + (index + 1) : "The image", text.unavailable()),
                                index)))));
        String language = task.language();
        if (language != null && !language.isBlank() && !language.strip().toLowerCase(Locale.ROOT).startsWith("en")) {
            return Multi.createBy().concatenating().streams(sentences,
                    Multi.createFrom().item("\n\n(The offline engine writes English only.)"));
        }
        return sentences;
    }

    /** OCR text for describe, or why there is none; a missing engine does not fail a description. */
    private record TextForFacts(OcrText ocr, String unavailable) {
    }

    private Uni<TextForFacts> textOf(LocalImage image, String language) {
        if (!config.describeReadsText()) {
            return Uni.createFrom().item(new TextForFacts(null, null));
        }
        return ocr.read(image, language).map(text -> new TextForFacts(text, null))
                .onFailure(failure -> failure instanceof GatewayProblem problem
                        && problem.code() == ErrorCode.OCR_ENGINE_MISSING)
                .recoverWithItem(new TextForFacts(null, "Tesseract is not installed"));
    }

    private Multi<String> compare(List<byte[]> images) {
        if (images.size() < 2) {
            throw GatewayProblem.of(ErrorCode.TOO_FEW_IMAGES, "images", "Compare needs at least 2 images.");
        }
        // the first image's pixels are dropped once its reference is measured
        return withDecoded(0, images.get(0), first -> onWorker(() -> List.of(ImageComparison.reference(first))))
                .onItem().transformToMultiAndConcatenate(reference -> Multi.createFrom().range(1, images.size())
                        .onItem().transformToMultiAndConcatenate(index -> withDecoded(index, images.get(index),
                                other -> onWorker(() -> spaced(LocalDescriber.compare(
                                        ImageComparison.of(reference, other)), index - 1)))));
    }

    /** Sentences joined by spaces; each image's paragraph after the first starts on a new paragraph. */
    private static List<String> spaced(List<String> sentences, int paragraph) {
        List<String> pieces = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            pieces.add((i == 0 ? paragraph == 0 ? "" : "\n\n" : " ") + sentences.get(i));
        }
        return pieces;
    }

    /**
     * Image {@code index} decoded on a worker thread and handed to {@code use}; its share of the decode budget is
     * given back when the pieces {@code use} makes have been emitted, or on failure or cancellation.
     */
    private <T> Multi<T> withDecoded(int index, byte[] bytes, Function<LocalImage, Uni<List<T>>> use) {
        return Multi.createFrom().resourceFromUni(
                        () -> onWorker(() -> LocalImage.decode(index + 1, bytes, decoder, permits,
                                limits.decodeQueueTimeout())),
                        image -> use.apply(image).onItem().transformToMulti(Multi.createFrom()::iterable))
                .withFinalizer(LocalImage::close);
    }

    private static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static void checkServes(String model, Operation operation) {
        CatalogModel entry = LocalModels.find(model).orElseThrow(() -> GatewayProblem.of(ErrorCode.UNKNOWN_MODEL,
                "model", "Model '" + model + "' is not a local model; the local models are " + LocalModels.VISION
                        + " and " + LocalModels.OCR + "."));
        if (!entry.serves(operation.id())) {
            throw GatewayProblem.of(ErrorCode.MODEL_NOT_FOR_OPERATION, "model", "Model '" + model + "' does not serve "
                    + operation.id() + "; use " + LocalModels.forOperation(operation) + ".");
        }
    }

    private static ChatChunk chunk(String id, String model, TextNode text, String finishReason) {
        return new ChatChunk(id, model, List.of(new ChatChunk.Choice(0,
                new ChatChunk.Delta(text == null ? null : "assistant", text), finishReason)), null);
    }
}
