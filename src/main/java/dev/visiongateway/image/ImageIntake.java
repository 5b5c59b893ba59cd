package dev.visiongateway.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.PlainText;
import dev.visiongateway.traces.Spans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Turns the images of a request into images ready for their backend (docs/ARCHITECTURE.md rules 3-6): each source
 * checked, remote URLs downloaded safely (or passed through), uploads read from disk, and the bytes handed to
 * {@link BytesIntake} in their turn. Decoding runs on worker threads under {@link ImagePermits}; the event loop only
 * waits.
 */
@ApplicationScoped
public class ImageIntake {

    private static final AttributeKey<Long> IMAGE_INDEX = AttributeKey.longKey("gateway.image.index");
    private static final AttributeKey<String> IMAGE_FIELD = AttributeKey.stringKey("gateway.image.field");

    private final FetchConfig fetchConfig;
    private final ImageLimits limits;
    private final SafeFetcher fetcher;
    private final BytesIntake bytesIntake;
    private final ImagePermits permits;
    private final DownloadBudget downloads;
    private final Spans spans;
    private final UploadLimits uploads;
    private final OcrConfig ocr;

    ImageIntake(FetchConfig fetchConfig, ImageLimits limits, UploadLimits uploads, OcrConfig ocr, SafeFetcher fetcher,
            BytesIntake bytesIntake, ImagePermits permits, DownloadBudget downloads, Spans spans) {
        this.ocr = ocr;
        this.spans = spans;
        this.uploads = uploads;
        this.downloads = downloads;
        this.fetchConfig = fetchConfig;
        this.limits = limits;
        this.fetcher = fetcher;
        this.bytesIntake = bytesIntake;
        this.permits = permits;
    }

    /**
     * The request's JSON images, then its uploads, in order. Images kept {@link ImagePreparation#AS_SENT} stay in
     * the heap until the engine has read them all, so together they may hold at most {@code max-bytes}.
     */
    public Uni<List<PreparedImage>> prepare(List<ImageInput> inputs, List<UploadedImage> uploads, Detail requestDetail,
            ImagePreparation preparation, Consumer<String> warnings) {
        AtomicLong kept = new AtomicLong();
        List<Uni<List<PreparedImage>>> images = new ArrayList<>(inputs.size() + uploads.size());
        for (int i = 0; i < inputs.size(); i++) {
            images.add(prepareAll("images[" + i + "]", i, inputs.get(i), requestDetail, preparation, warnings));
        }
        for (int i = 0; i < uploads.size(); i++) {
            int index = inputs.size() + i;
            String field = "image[" + i + "]";
            images.add(traced(field, index, () -> upload(field, index, uploads.get(index - inputs.size()),
                    requestDetail, preparation, warnings)));
        }
        if (preparation == ImagePreparation.AS_SENT) {
            images = images.stream().map(image -> image.invoke(prepared -> prepared.forEach(one -> keep(kept, one))))
                    .toList();
        }
        if (preparation == ImagePreparation.NORMALIZED_FOR_OCR) {
            AtomicInteger tiles = new AtomicInteger();
            images = images.stream().map(image -> image.invoke(prepared -> countTiles(tiles, prepared))).toList();
        }
        // an image cut into tiles for OCR is sent as its tiles, in order, where the image was
        return inTurn(images).map(each -> each.stream().flatMap(List::stream).toList());
    }

    private void keep(AtomicLong kept, PreparedImage image) {
        if (image.content() instanceof ImageContent.Bytes bytes
                && kept.addAndGet(bytes.bytes().length) > limits.maxBytes()) {
            throw GatewayProblem.of(ErrorCode.REQUEST_TOO_LARGE, "images", "The images of this request hold more than "
                    + limits.maxBytes() / 1_000_000 + " MB together, more than the offline engine takes at once;"
                    + " send fewer or smaller images per request.");
        }
    }

    /** The tiles of all the request's images are held until the router call: at most {@code max-tiles} of them. */
    private void countTiles(AtomicInteger tiles, List<PreparedImage> prepared) {
        if (prepared.size() > 1 && tiles.addAndGet(prepared.size()) > ocr.maxTiles()) {
            throw GatewayProblem.of(ErrorCode.TOO_MANY_TILES, "images", "The long pages of this request would be sent"
                    + " as " + tiles.get() + " tiles or more together, more than the " + ocr.maxTiles() + " the"
                    + " gateway sends for one request (gateway.ocr.max-tiles); send them in separate requests.");
        }
    }

    /**
     * The results of {@code work}, in order, at most {@code gateway.fetch.parallel-per-request} at a time: one
     * request naming thirty large images must not download and decode them all at once. The first failure cancels
     * the rest.
     */
    public <T> Uni<List<T>> inTurn(List<Uni<T>> work) {
        if (work.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // lane k runs items k, k + lanes, k + 2 * lanes... one after another; the lanes run side by side
        int lanes = Math.min(work.size(), fetchConfig.parallelPerRequest());
        AtomicReferenceArray<T> results = new AtomicReferenceArray<>(work.size());
        List<Uni<Void>> running = new ArrayList<>(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = lane; i < work.size(); i += lanes) {
                int index = i;
                chain = chain.chain(() -> work.get(index).invoke(result -> results.set(index, result)).replaceWithVoid());
            }
            running.add(chain);
        }
        return Uni.join().all(running).andFailFast().map(done -> {
            List<T> ordered = new ArrayList<>(work.size());
            for (int i = 0; i < work.size(); i++) {
                ordered.add(results.get(i));
            }
            return ordered;
        });
    }

    /**
     * One image, whose faults are reported at {@code field} (a JSON path of the request); never cut into tiles,
     * since only OCR preparation ({@link ImagePreparation#NORMALIZED_FOR_OCR}) does that.
     */
    public Uni<PreparedImage> prepare(String field, int index, ImageInput input, Detail requestDetail,
            ImagePreparation preparation, Consumer<String> warnings) {
        return prepareAll(field, index, input, requestDetail, preparation, warnings).map(ImageIntake::single);
    }

    private Uni<List<PreparedImage>> prepareAll(String field, int index, ImageInput input, Detail requestDetail,
            ImagePreparation preparation, Consumer<String> warnings) {
        Uni<List<PreparedImage>> prepared = traced(field, index,
                () -> prepareOne(field, index, input, requestDetail, preparation, warnings));
        return Boolean.TRUE.equals(input.reuse())
                ? prepared.map(images -> images.stream()
                        .map(image -> new PreparedImage(image.report(), image.content(), image.detail(), true)).toList())
                : prepared;
    }

    private static PreparedImage single(List<PreparedImage> images) {
        if (images.size() != 1) {
            throw new IllegalStateException("an image prepared without OCR tiling became " + images.size());
        }
        return images.get(0);
    }

    /**
     * One image's intake in a span of its own, the parent of its fetch, normalize
     * and decode spans.
     */
    private <T> Uni<T> traced(String field, int index, Supplier<Uni<T>> intake) {
        return spans.uni("image intake", Attributes.of(IMAGE_INDEX, (long) index, IMAGE_FIELD, field), intake);
    }

    private Uni<List<PreparedImage>> prepareOne(String field, int index, ImageInput input, Detail requestDetail,
            ImagePreparation preparation, Consumer<String> warnings) {
        return Uni.createFrom().deferred(() -> {
            Detail detail = input.detail() != null ? input.detail() : requestDetail;
            boolean hasUrl = input.url() != null && !input.url().isBlank();
            boolean hasFile = input.fileId() != null && !input.fileId().isBlank();
            if (hasUrl == hasFile) {
                throw GatewayProblem.of(ErrorCode.INVALID_IMAGE, field,
                        "Image " + (index + 1) + " must give exactly one of 'url' (https or data:) and 'file_id'.");
            }
            if (hasFile) {
                return Uni.createFrom().item(List.of(new PreparedImage(ImageReport.reference(index, "file", "file"),
                        new ImageContent.StoredFile(new RouterFile(RouterFile.checkedId(input.fileId(), field + ".file_id"),
                                checkedMimeType(input.mimeType(), field))),
                        detail)));
            }
            String urlField = field + ".url";
            if (input.url().regionMatches(true, 0, "data:", 0, 5)) {
                return inline(field, index, () -> DataUrlText.unchecked(input.url()), detail, preparation,
                        warnings);
            }
            URI url = RemoteUrls.check(RemoteUrls.parse(input.url(), urlField), urlField, fetchConfig.allowHttp());
            if (fetchConfig.mode() == FetchConfig.Mode.PASS_THROUGH) {
                return Uni.createFrom().item(List.of(new PreparedImage(ImageReport.reference(index, "url", "url"),
                        new ImageContent.RemoteUrl(url.toString()), detail)));
            }
            DownloadBudget.Lease lease = downloads.lease();
            // the image's span, not the download's (ended by then), is the parent of what follows the download
            Context image = Context.current();
            return fetcher.fetch(url, urlField, lease)
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(image.wrapFunction(fetched -> permits.run(() -> bytesIntake.prepare(index, "url", fetched.bytes(),
                            mediaType(fetched.contentType()), urlField, detail, preparation, warnings,
                            BytesIntake::encoded))))
                    // the download's share is given back once the image is prepared, failed or no longer wanted: a
                    // normalized image keeps only its (smaller) result, and images kept as sent are bounded per
                    // request (prepare)
                    .onTermination().invoke(lease::close);
        });
    }

    /**
     * One image given as a data URL kept as bytes ({@link DataUrlText}), such as an {@code image_url} part of a chat
     * message, whose faults are reported at {@code field}.
     */
    public Uni<PreparedImage> prepare(String field, int index, DataUrlText url, Detail detail,
            ImagePreparation preparation, Consumer<String> warnings) {
        return traced(field, index, () -> inline(field, index, () -> url, detail, preparation, warnings))
                .map(ImageIntake::single);
    }

    /** {@code text} is called on the worker thread: there a String's URL is copied into bytes. */
    private Uni<List<PreparedImage>> inline(String field, int index, Supplier<DataUrlText> text, Detail detail,
            ImagePreparation preparation, Consumer<String> warnings) {
        String urlField = field + ".url";
        return Workers.run(() -> {
            DataUrlText url = text.get();
            DataUrlDecoder.Decoded decoded = DataUrlDecoder.decode(url, urlField);
            return permits
                    .run(() -> bytesIntake.prepare(index, "data", decoded.bytes(), decoded.declaredType(), urlField, detail,
                            preparation, warnings, sentAsIs -> url.startsWith(DataUrlText.header(sentAsIs.format()))
                                    ? url
                                    : url.withHeaderOf(sentAsIs.format(), decoded.payloadStart())));
        });
    }

    /** One uploaded file on its own ({@code POST /v1/files}), whose faults are reported at {@code field}. */
    public Uni<PreparedImage> prepareUpload(String field, UploadedImage upload, ImagePreparation preparation,
            Consumer<String> warnings) {
        return traced(field, 0, () -> upload(field, 0, upload, null, preparation, warnings)).map(ImageIntake::single);
    }

    /**
     * An uploaded file, read from disk when its turn comes (decoded one at a time with the request's other images,
     * under the decode budget). For an engine that takes images as sent, the file stays on disk, checked, until
     * the engine reads it: a form's photos may hold far more bytes than the heap.
     */
    private Uni<List<PreparedImage>> upload(String field, int index, UploadedImage upload, Detail detail,
            ImagePreparation preparation, Consumer<String> warnings) {
        return Workers.run(() -> {
            long maxFile = uploads.maxFileBytes().asLongValue();
            if (upload.size() > maxFile) {
                throw BytesIntake.tooLarge(field,
                        "The uploaded file" + (upload.fileName() == null || upload.fileName().isBlank()
                                ? ""
                                : " '" + PlainText.line(upload.fileName(), 100) + "'") + " is " + upload.size()
                                + " bytes; files may be at most " + maxFile + " bytes (gateway.uploads.max-file-bytes).");
            }
            // read under the permit: the files of many forms are never in the heap at once, only those being decoded
            return permits.run(() -> {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(upload.file());
                } catch (IOException e) {
                    throw new UncheckedIOException("the spooled upload " + upload.file() + " could not be read", e);
                }
                List<PreparedImage> prepared = bytesIntake.prepare(index, "upload", bytes, mediaType(upload.contentType()),
                        field,
                        detail, preparation, warnings, BytesIntake::encoded);
                return prepared.stream().map(image -> image.content() instanceof ImageContent.Bytes kept
                        ? image.sentAs(image.report(), new ImageContent.Spooled(upload.file(), kept.format()))
                        : image).toList();
            });
        });
    }

    private static String checkedMimeType(String mimeType, String field) {
        if (mimeType == null) {
            return null;
        }
        return ImageFormat.ofMimeType(mimeType.toLowerCase(Locale.ROOT)).filter(ImageFormat::accepted)
                .map(ImageFormat::mimeType)
                .orElseThrow(() -> new GatewayProblem(ErrorCode.UNSUPPORTED_FORMAT, "mime_type '" + mimeType
                        + "' is not an accepted image type; use " + BytesIntake.ACCEPTED + " types.", field + ".mime_type",
                        null));
    }

    private static String mediaType(String contentType) {
        return contentType == null ? null : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }
}
