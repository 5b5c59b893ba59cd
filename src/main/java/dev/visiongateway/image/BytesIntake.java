package dev.visiongateway.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * The intake of one image whose bytes are in hand, whatever brought them (data URL, download, upload): its format
 * read from the bytes, its size checked from the header before anything is decoded, then normalized for the router
 * or kept as sent for the offline engine (docs/ARCHITECTURE.md rules 5-6). Runs on a worker thread, under an image
 * permit.
 */
@ApplicationScoped
class BytesIntake {

    static final String ACCEPTED = "JPEG, PNG, WebP, GIF or BMP";

    private final ImageLimits limits;
    private final ImageNormalizer normalizer;

    BytesIntake(ImageLimits limits, ImageNormalizer normalizer) {
        this.limits = limits;
        this.normalizer = normalizer;
    }

    /**
     * Bytes in hand, under an image permit ({@link ImagePermits}): identified, checked against the limits from the
     * header alone, then normalized.
     * {@code sentAsIs} gives the data URL of an image that needs no change: a client's own data URL is forwarded
     * as the text it sent, never encoded again.
     */
    List<PreparedImage> prepare(int index, String source, byte[] bytes, String declaredType, String field,
            Detail detail, ImagePreparation preparation, Consumer<String> warnings,
            Function<ImageNormalizer.Normalized, DataUrlText> sentAsIs) {
        // an upload was held to its own, larger limit: its bytes came from disk, not from the heap's JSON
        if (!"upload".equals(source) && bytes.length > limits.maxBytes()) {
            throw tooLarge(field, "The image is " + bytes.length + " bytes; at most " + limits.maxBytes()
                    + " are accepted.");
        }
        ImageFormat format = checkedFormat(bytes, field);
        if (declaredType != null && declaredType.startsWith("image/")
                && !ImageFormat.ofMimeType(declaredType).equals(Optional.of(format))) {
            warnings.accept("Image " + (index + 1) + " was declared as " + declaredType + " but its bytes are "
                    + format.label() + "; it was read as " + format.label() + ".");
        }
        ImageFormat.Ending ending = format.ending(bytes);
        if (ending == ImageFormat.Ending.TRUNCATED) {
            throw GatewayProblem.of(ErrorCode.INVALID_IMAGE, field, "Image " + (index + 1) + " (" + format.label()
                    + ") is truncated: it ends before the format's end marker.");
        }
        ImageProbe.Dimensions size = ImageProbe.dimensions(bytes)
                .orElseThrow(() -> GatewayProblem.of(ErrorCode.INVALID_IMAGE, field,
                        "Image " + (index + 1) + " starts like " + format.label()
                                + " but its header cannot be read: the file is truncated or corrupt."));
        if ((long) size.width() * size.height() > limits.maxPixels()) {
            throw tooLarge(field, "Image " + (index + 1) + " is " + size.width() + " x " + size.height()
                    + " pixels; at most " + limits.maxPixels() / 1_000_000 + " megapixels are accepted.");
        }
        ImageReport.Original original = new ImageReport.Original(format.label(), size.width(), size.height(),
                (long) bytes.length, declaredType);
        if (preparation == ImagePreparation.AS_SENT) {
            // the engine decodes it itself, once: nothing is decoded here
            return List.of(new PreparedImage(new ImageReport(index, source, "data", format.label(), size.width(),
                    size.height(), (long) bytes.length, ImageIdentities.sha256(bytes), original, List.of("sent_as_is")),
                    new ImageContent.Bytes(bytes, format),
                    detail));
        }
        List<ImageNormalizer.Normalized> sent;
        try {
            sent = preparation == ImagePreparation.NORMALIZED_FOR_OCR
                    ? normalizer.normalizeForOcr(bytes, format, size, ending, index + 1, field)
                    : List.of(normalizer.normalize(bytes, format, size, ending, false, field));
        } catch (GatewayProblem problem) {
            // over the decode budget or the tile limit (413), or waiting too long for the budget (503): the client
            // gets that, not a 400
            throw problem;
        } catch (IOException | RuntimeException e) {
            throw GatewayProblem.of(ErrorCode.INVALID_IMAGE, field, "Image " + (index + 1) + " (" + format.label()
                    + ") cannot be decoded: the file is truncated or corrupt.");
        }
        List<PreparedImage> prepared = new ArrayList<>(sent.size());
        for (ImageNormalizer.Normalized normalized : sent) {
            ImageReport report = new ImageReport(index, source, "data", normalized.format().label(),
                    normalized.width(), normalized.height(), (long) normalized.bytes().length,
                    ImageIdentities.sha256(normalized.bytes()), original, normalized.actions(), normalized.tile());
            DataUrlText url = normalized.bytes() == bytes ? sentAsIs.apply(normalized) : encoded(normalized);
            prepared.add(new PreparedImage(report, new ImageContent.DataUrl(url), detail));
        }
        return prepared;
    }

    static DataUrlText encoded(ImageNormalizer.Normalized image) {
        return DataUrlText.encoded(image.format(), image.bytes());
    }

    private static ImageFormat checkedFormat(byte[] bytes, String field) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new GatewayProblem(ErrorCode.UNSUPPORTED_FORMAT,
                "The image is in no format the gateway recognises; send " + ACCEPTED + ".", field, null));
        if (!format.accepted()) {
            throw new GatewayProblem(ErrorCode.UNSUPPORTED_FORMAT,
                    "The image is " + format.label() + "; send " + ACCEPTED + ".", field, null);
        }
        return format;
    }

    static GatewayProblem tooLarge(String field, String detail) {
        return new GatewayProblem(ErrorCode.IMAGE_TOO_LARGE, detail, field, null);
    }
}
