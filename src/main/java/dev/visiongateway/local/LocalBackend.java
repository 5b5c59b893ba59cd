package dev.visiongateway.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.catalog.BuiltInModels;
import dev.visiongateway.catalog.CatalogModel;
import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageDecoder;
import dev.visiongateway.image.ImageLimits;
import dev.visiongateway.image.ImagePermits;
import dev.visiongateway.image.ImagePreparation;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.image.Workers;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.vision.Completion;
import dev.visiongateway.vision.CompletionChunk;
import dev.visiongateway.vision.OcrFormat;
import dev.visiongateway.vision.VisionBackend;
import dev.visiongateway.vision.VisionCall;
import dev.visiongateway.vision.VisionOperation;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The offline engine behind the backend port (docs/ARCHITECTURE.md section 5): {@code local/ocr} reads text with Tesseract,
 * {@code local/vision} describes and compares images from measured facts. It acts on the call's operation, format and
 * language, not on its prompt, and reads the image bytes the intake checked but left as sent. Images are handled one after the
 * other, and their text is emitted as soon as it is ready, so a
 * stream starts with the first image; decoding and measuring run on worker threads, Tesseract in its own pool.
 */
@ApplicationScoped
public class LocalBackend implements VisionBackend, BuiltInModels {

    private static final Logger LOG = Logger.getLogger(LocalBackend.class);

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

    void announce(@Observes StartupEvent started) {
        LOG.infof("Offline engine: %s (describe, compare) and %s (ocr) answer on this machine [%s].",
                LocalModels.VISION, LocalModels.OCR, engineSummary());
    }

    @Override
    public List<CatalogModel> models() {
        return LocalModels.CATALOG;
    }

    @Override
    public boolean runs(String model) {
        return LocalModels.isLocal(model);
    }

    /** The engine decodes each image itself, once, at the client's resolution, so its OCR boxes are the client's. */
    @Override
    public ImagePreparation preparation(VisionOperation operation) {
        return ImagePreparation.AS_SENT;
    }

    @Override
    public void checkServes(String model, VisionOperation operation) {
        CatalogModel entry = LocalModels.find(model).orElseThrow(() -> GatewayProblem.of(ErrorCode.UNKNOWN_MODEL,
                "model", "Model '" + model + "' is not a local model; the local models are " + LocalModels.VISION
                        + " and " + LocalModels.OCR + "."));
        if (!entry.serves(operation.id())) {
            throw GatewayProblem.of(ErrorCode.MODEL_NOT_FOR_OPERATION, "model", "Model '" + model
                    + "' does not serve " + operation.id() + "; use " + LocalModels.forOperation(operation) + ".");
        }
    }

    /** In a span of its own, the parent of its decode and OCR spans. */
    @Override
    @WithSpan("local engine")
    public Uni<Completion> complete(VisionCall call) {
        return Uni.createFrom().deferred(() -> pieces(call).collect().in(StringBuilder::new, StringBuilder::append)
                .map(text -> new Completion(text.toString(), "stop", null)));
    }

    @Override
    @WithSpan("local engine")
    public Multi<CompletionChunk> stream(VisionCall call) {
        return Multi.createFrom().deferred(() -> pieces(call).map(CompletionChunk::text)
                .onCompletion().continueWith(new CompletionChunk("", "stop", null)));
    }

    /** A one-line summary of the engine, for the startup log. */
    public String engineSummary() {
        return ocr.installedLanguages()
                .map(languages -> "Tesseract with languages " + String.join(", ", languages))
                .orElse("Tesseract NOT found at '" + config.tesseractPath() + "': local/ocr answers 503 until it is"
                        + " installed (sudo apt-get install -y tesseract-ocr tesseract-ocr-eng)");
    }

    private Multi<String> pieces(VisionCall call) {
        checkServes(LocalModels.normalized(call.model()), call.operation());
        List<Supplier<byte[]>> images = bytesOf(call.images());
        return switch (call.operation()) {
            case OCR -> ocr(images, call.format(), call.language());
            case DESCRIBE -> describe(images, call.language());
            case COMPARE -> compare(images);
        };
    }

    /**
     * The images' bytes as the intake left them ({@link ImagePreparation#AS_SENT}), each read when its turn comes: an
     * upload from the file it was spooled to, so a form's photos are never all in the heap at once. A remote URL
     * (fetch mode pass-through) or a router file id has no bytes here: the engine does not fetch, that is the
     * intake's job.
     */
    private static List<Supplier<byte[]>> bytesOf(List<PreparedImage> images) {
        List<Supplier<byte[]>> bytes = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            ImageContent content = images.get(i).content();
            if (content instanceof ImageContent.Bytes inline) {
                bytes.add(inline::bytes);
            } else if (content instanceof ImageContent.Spooled spooled) {
                bytes.add(() -> read(spooled.file()));
            } else {
                throw GatewayProblem.of(ErrorCode.LOCAL_NEEDS_IMAGE_BYTES, "images[" + i + "]", "Image " + (i + 1)
                        + " is " + (content instanceof ImageContent.StoredFile ? "a router file id" : "a remote URL")
                        + "; the local models work on the image itself. Send it as a data: URL or an upload, or name"
                        + " a router model.");
            }
        }
        return bytes;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the spooled upload " + file + " could not be read", e);
        }
    }

    private Multi<String> ocr(List<Supplier<byte[]>> images, OcrFormat requested, String language) {
        OcrFormat format = requested == null ? OcrFormat.TEXT : requested;
        boolean several = images.size() > 1;
        Multi<String> perImage = Multi.createFrom().range(0, images.size()).onItem().transformToMultiAndConcatenate(
                index -> withDecoded(index, images.get(index), image -> ocr.read(image, language)
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

    private Multi<String> describe(List<Supplier<byte[]>> images, String language) {
        boolean several = images.size() > 1;
        Multi<String> sentences = Multi.createFrom().range(0, images.size()).onItem().transformToMultiAndConcatenate(
                index -> withDecoded(index, images.get(index), image -> textOf(image, language)
                        .flatMap(text -> Workers.run(() -> spaced(LocalDescriber.describe(ImageFacts.measure(image,
                                text.ocr()), several ? "Image " + (index + 1) : "The image", text.unavailable()),
                                index)))));
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

    private Multi<String> compare(List<Supplier<byte[]>> images) {
        if (images.size() < 2) {
            throw GatewayProblem.of(ErrorCode.TOO_FEW_IMAGES, "images", "Compare needs at least 2 images.");
        }
        // the first image's pixels are dropped once its reference is measured
        return withDecoded(0, images.get(0), first -> Workers.run(() -> List.of(ImageComparison.reference(first))))
                .onItem().transformToMultiAndConcatenate(reference -> Multi.createFrom().range(1, images.size())
                        .onItem().transformToMultiAndConcatenate(index -> withDecoded(index, images.get(index),
                                other -> Workers.run(() -> spaced(LocalDescriber.compare(
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
     * given back when the pieces {@code use} makes have been emitted, or on failure or cancellation: also when the
     * client goes away while the decode still runs, since its result then reaches no one who would close it.
     */
    private <T> Multi<T> withDecoded(int index, Supplier<byte[]> bytes, Function<LocalImage, Uni<List<T>>> use) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicReference<LocalImage> held = new AtomicReference<>();
            Runnable release = () -> {
                LocalImage image = held.getAndSet(null);
                if (image != null) {
                    image.close();
                }
            };
            Uni<LocalImage> decoded = Workers.run(() -> {
                LocalImage image = LocalImage.decode(index + 1, bytes.get(), decoder, permits,
                        limits.decodeQueueTimeout());
                held.set(image);
                if (cancelled.get()) {
                    release.run();
                }
                return image;
            }).onCancellation().invoke(() -> {
                cancelled.set(true);
                release.run();
            });
            return Multi.createFrom().resourceFromUni(() -> decoded,
                    image -> use.apply(image).onItem().transformToMulti(Multi.createFrom()::iterable))
                    .withFinalizer((Consumer<LocalImage>) image -> release.run())
                    // a cancellation that meets the decoded image on its way in reaches neither the decode's
                    // cancellation nor the finalizer: the image is given back here
                    .onTermination().invoke((failure, cancellation) -> {
                        if (cancellation) {
                            cancelled.set(true);
                        }
                        release.run();
                    });
        });
    }

}
