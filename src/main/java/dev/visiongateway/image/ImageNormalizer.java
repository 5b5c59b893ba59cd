package dev.visiongateway.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import net.coobird.thumbnailator.Thumbnails;

/**
 * Brings an image to what the router recommends (docs/ARCHITECTURE.md rule 6): upright, without metadata, longest side at
 * most {@code max-side}, JPEG (photos) or PNG (alpha, graphics, OCR), under {@code max-sent-bytes}. An image that
 * already complies is sent byte for byte. CPU-bound and heap-hungry: call it on a worker thread, under a permit.
 */
@ApplicationScoped
public class ImageNormalizer {

    /** The image to send and what was done to it. */
    public record Normalized(byte[] bytes, ImageFormat format, int width, int height, List<String> actions) {
    }

    private final ImageLimits limits;

    ImageNormalizer(ImageLimits limits) {
        this.limits = limits;
    }

    public Normalized normalize(byte[] bytes, ImageFormat format, ImageProbe.Dimensions size, boolean forOcr)
            throws IOException {
        ImageMetadata metadata = ImageMetadata.read(bytes, format);
        if (!forOcr && complies(bytes, format, size, metadata)) {
            return new Normalized(bytes, format, size.width(), size.height(), List.of("sent_as_is"));
        }
        List<String> actions = new ArrayList<>();
        ImageDecoder.Decoded decoded = ImageDecoder.decode(bytes, size.width(), size.height(), limits.maxSide());
        if (decoded.subsampling() > 1) {
            actions.add("decoded_subsampled_1_in_" + decoded.subsampling());
        }
        BufferedImage image = ImageDecoder.upright(decoded.image(), metadata.orientation());
        if (metadata.orientation() > 1) {
            actions.add("exif_orientation_applied");
        }
        if (metadata.carriesMetadata()) {
            actions.add("metadata_stripped");
        }
        if (Math.max(image.getWidth(), image.getHeight()) > limits.maxSide()) {
            image = Thumbnails.of(image).size(limits.maxSide(), limits.maxSide()).asBufferedImage();
            actions.add("resized");
        }
        if (forOcr) {
            image = OcrPreprocessor.prepare(image, limits.maxSide());
            actions.add("ocr_preprocessed");
        }
        boolean png = forOcr || image.getColorModel().hasAlpha() || format == ImageFormat.PNG
                || format == ImageFormat.GIF || format == ImageFormat.BMP;
        byte[] encoded = png ? png(image) : null;
        if (encoded == null || encoded.length > limits.maxSentBytes()) {
            return jpegWithin(flattened(image), actions);
        }
        actions.add("encoded_png");
        return new Normalized(encoded, ImageFormat.PNG, image.getWidth(), image.getHeight(), actions);
    }

    /** Already JPEG or PNG, in bounds, small enough, upright, free of metadata and of trailing data. */
    private boolean complies(byte[] bytes, ImageFormat format, ImageProbe.Dimensions size, ImageMetadata metadata) {
        return (format == ImageFormat.JPEG || format == ImageFormat.PNG) && format.endsAtItsEndMarker(bytes)
                && Math.max(size.width(), size.height()) <= limits.maxSide()
                && bytes.length <= limits.maxSentBytes()
                && metadata.orientation() == 1 && !metadata.carriesMetadata();
    }

    /** JPEG at the configured quality, lowered, then shrunk, until it fits {@code max-sent-bytes}. */
    private Normalized jpegWithin(BufferedImage image, List<String> actions) throws IOException {
        float quality = limits.jpegQuality();
        byte[] encoded = jpeg(image, quality);
        while (encoded.length > limits.maxSentBytes()) {
            if (quality > 0.5f) {
                quality -= 0.15f;
            } else {
                image = Thumbnails.of(image).scale(0.75).asBufferedImage();
                actions.add("resized_to_fit_size_limit");
            }
            encoded = jpeg(image, quality);
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

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
