package dev.visiongateway.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Brings an image to what the router recommends (docs/ARCHITECTURE.md rule 6): upright, without metadata, longest side at
 * most {@code max-side}, JPEG (photos) or PNG (alpha, graphics, OCR), under {@code max-sent-bytes}. An image that
 * already complies is sent byte for byte. CPU-bound and heap-hungry: call it on a worker thread, under a permit;
 * its decode holds the decode budget until the image is encoded.
 */
@ApplicationScoped
public class ImageNormalizer {

    /** The image to send and what was done to it; {@code tile} when it is one tile of a page. */
    public record Normalized(byte[] bytes, ImageFormat format, int width, int height, List<String> actions,
            ImageReport.Tile tile) {

        Normalized(byte[] bytes, ImageFormat format, int width, int height, List<String> actions) {
            this(bytes, format, width, height, actions, null);
        }

        Normalized withTile(ImageReport.Tile shown) {
            return new Normalized(bytes, format, width, height, actions, shown);
        }
    }

    /**
     * Heap per decoded pixel that normalizing adds to the decoded image: the upright copy (4 bytes), the flattened
     * RGB or OCR copy (4) and the encoders' buffers (2; encoded output is capped at {@code max-sent-bytes}).
     */
    static final int WORKING_BYTES_PER_PIXEL = 10;

    private final ImageLimits limits;
    private final OcrConfig ocr;
    private final ImageDecoder decoder;

    ImageNormalizer(ImageLimits limits, OcrConfig ocr, ImageDecoder decoder) {
        this.limits = limits;
        this.ocr = ocr;
        this.decoder = decoder;
    }

    public Normalized normalize(byte[] bytes, ImageFormat format, ImageProbe.Dimensions size, boolean forOcr)
            throws IOException {
        return normalize(bytes, format, size, format.ending(bytes), forOcr, null);
    }

    /**
     * Normalizes the image at {@code field}: an image too large for the decode budget is {@code 413
     * image_too_large} there, and one that waited too long for the budget {@code 503 images_busy}.
     */
    @WithSpan("image normalize")
    public Normalized normalize(byte[] bytes, ImageFormat format, ImageProbe.Dimensions size,
            ImageFormat.Ending ending, boolean forOcr, String field) throws IOException {
        ImageMetadata metadata = ImageMetadata.read(bytes, format);
        if (!forOcr && complies(bytes, format, size, ending, metadata)) {
            return new Normalized(bytes, format, size.width(), size.height(), List.of("sent_as_is"));
        }
        // inside a permit already: the budget is mostly held by the other permit holders, which finish within
        // their decode deadline, so waiting that long (plus the usual queue wait) is enough
        Duration budgetWait = limits.decodeQueueTimeout().plus(limits.decodeTimeout());
        try (ImageDecoder.Decoded decoded = decoder.decode(bytes, format, limits.maxSide(), WORKING_BYTES_PER_PIXEL,
                budgetWait, field)) {
            return normalized(decoded, format, metadata, forOcr);
        }
    }

    /**
     * For OCR by a router model: the image normalized whole, or, when it is far longer than wide, its tiles
     * ({@link OcrTiles}) in reading order. {@code number} is the image's, from 1, for the client's messages.
     */
    @WithSpan("image normalize")
    public List<Normalized> normalizeForOcr(byte[] bytes, ImageFormat format, ImageProbe.Dimensions size,
            ImageFormat.Ending ending, int number, String field) throws IOException {
        ImageMetadata metadata = ImageMetadata.read(bytes, format);
        boolean turned = metadata.orientation() >= 5;
        int width = turned ? size.height() : size.width();
        int height = turned ? size.width() : size.height();
        Optional<OcrTiles> plan = OcrTiles.plan(width, height, limits.maxSide(), ocr.maxTiles(), number, field);
        if (plan.isEmpty()) {
            return List.of(normalize(bytes, format, size, ending, true, field));
        }
        Duration budgetWait = limits.decodeQueueTimeout().plus(limits.decodeTimeout());
        int longSide = Math.max(width, height);
        // subsampled no further than the tiles' scale: shrunk the rest of the way below, never enlarged
        int subsampling = Math.max(1, (int) Math.floor(1 / plan.get().scale()));
        try (ImageDecoder.Decoded decoded = decoder.decode(bytes, format, (longSide + subsampling - 1) / subsampling,
                WORKING_BYTES_PER_PIXEL, budgetWait, field)) {
            List<String> actions = new ArrayList<>();
            BufferedImage image = upright(decoded, metadata, actions);
            int scaledWidth = plan.get().scaledWidth();
            if (image.getWidth() > scaledWidth) {
                image = Thumbnails.of(image).size(scaledWidth, plan.get().scaledHeight()).asBufferedImage();
                actions.add("resized");
            }
            return tiles(image, width / (double) image.getWidth(), actions);
        }
    }

    /** The page cut into tiles, each prepared for OCR; {@code scale} is original pixels per pixel of {@code page}. */
    private List<Normalized> tiles(BufferedImage page, double scale, List<String> actions) throws IOException {
        OcrTiles tiles = OcrTiles.cut(page.getWidth(), page.getHeight(), 1 / scale, limits.maxSide());
        List<Normalized> sent = new ArrayList<>(tiles.tiles().size());
        for (int i = 0; i < tiles.tiles().size(); i++) {
            OcrTiles.Box box = tiles.tiles().get(i);
            BufferedImage tile = OcrPreprocessor.prepare(page.getSubimage(box.x(), box.y(), box.width(),
                    box.height()), limits.maxSide());
            List<String> done = new ArrayList<>(actions);
            done.add("tiled_for_ocr");
            done.add("ocr_preprocessed");
            ImageReport.Tile report = new ImageReport.Tile(i + 1, tiles.tiles().size(),
                    (int) Math.round(box.x() * scale), (int) Math.round(box.y() * scale),
                    (int) Math.round(box.width() * scale), (int) Math.round(box.height() * scale));
            sent.add(encoded(tile, true, done).withTile(report));
        }
        return sent;
    }

    /** The decoded image turned upright; what was done so far goes into {@code actions}. */
    private static BufferedImage upright(ImageDecoder.Decoded decoded, ImageMetadata metadata, List<String> actions) {
        if (decoded.subsampling() > 1) {
            actions.add("decoded_subsampled_1_in_" + decoded.subsampling());
        }
        BufferedImage image = ImageDecoder.upright(decoded.image(), metadata.orientation());
        if (metadata.orientation() > 1) {
            actions.add("exif_orientation_applied");
        }
        // stripped by decoding: what is sent is encoded from the pixels alone
        if (metadata.carriesMetadata()) {
            actions.add("metadata_stripped");
        }
        return image;
    }

    private Normalized normalized(ImageDecoder.Decoded decoded, ImageFormat format, ImageMetadata metadata,
            boolean forOcr) throws IOException {
        List<String> actions = new ArrayList<>();
        BufferedImage image = upright(decoded, metadata, actions);
        if (Math.max(image.getWidth(), image.getHeight()) > limits.maxSide()) {
            // subsampling rounds up, so only a reader that ignored it gets here
            image = Thumbnails.of(image).size(limits.maxSide(), limits.maxSide()).asBufferedImage();
            actions.add("resized");
        }
        if (forOcr) {
            image = OcrPreprocessor.prepare(image, limits.maxSide());
            actions.add("ocr_preprocessed");
        }
        boolean png = forOcr || image.getColorModel().hasAlpha() || format == ImageFormat.PNG
                || format == ImageFormat.GIF || format == ImageFormat.BMP;
        return encoded(image, png, actions);
    }

    /** As PNG when {@code png} and it fits {@code max-sent-bytes}, else as JPEG within it. */
    private Normalized encoded(BufferedImage image, boolean png, List<String> actions) throws IOException {
        byte[] encoded = png ? png(image, limits.maxSentBytes()) : null;
        if (encoded == null) {
            return jpegWithin(flattened(image), actions);
        }
        actions.add("encoded_png");
        return new Normalized(encoded, ImageFormat.PNG, image.getWidth(), image.getHeight(), actions);
    }

    /** Already JPEG or PNG, in bounds, small enough, upright, free of metadata and of trailing data. */
    private boolean complies(byte[] bytes, ImageFormat format, ImageProbe.Dimensions size, ImageFormat.Ending ending,
            ImageMetadata metadata) {
        return (format == ImageFormat.JPEG || format == ImageFormat.PNG) && ending == ImageFormat.Ending.AT_END_MARKER
                && Math.max(size.width(), size.height()) <= limits.maxSide()
                && bytes.length <= limits.maxSentBytes()
                && metadata.orientation() == 1 && !metadata.carriesMetadata();
    }

    /** JPEG at the configured quality, lowered, then shrunk, until it fits {@code max-sent-bytes}. */
    private Normalized jpegWithin(BufferedImage image, List<String> actions) throws IOException {
        float quality = limits.jpegQuality();
        byte[] encoded = jpeg(image, quality, limits.maxSentBytes());
        while (encoded == null) {
            if (quality > 0.5f) {
                quality -= 0.15f;
            } else {
                image = Thumbnails.of(image).scale(0.75).asBufferedImage();
                actions.add("resized_to_fit_size_limit");
            }
            encoded = jpeg(image, quality, limits.maxSentBytes());
        }
        actions.add("encoded_jpeg_q" + Math.round(quality * 100));
        return new Normalized(encoded, ImageFormat.JPEG, image.getWidth(), image.getHeight(), actions);
    }

    private static BufferedImage flattened(BufferedImage image) {
        if (!image.getColorModel().hasAlpha() && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
        graphics.drawImage(image, 0, 0, null);
        graphics.dispose();
        return rgb;
    }

    /** The PNG, or null when it would be over {@code limit}: a PNG that large is sent as JPEG instead. */
    private static byte[] png(BufferedImage image, long limit) throws IOException {
        return encoded(image, "png", null, limit);
    }

    /** The JPEG at {@code quality}, or null when it would be over {@code limit}. */
    private static byte[] jpeg(BufferedImage image, float quality, long limit) throws IOException {
        return encoded(image, "jpeg", quality, limit);
    }

    private static byte[] encoded(BufferedImage image, String format, Float quality, long limit) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        CappedImageOutput output = new CappedImageOutput(limit);
        try {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            if (output.full()) {
                return null;
            }
            throw e;
        } finally {
            writer.dispose();
        }
        return output.toByteArray();
    }
}
