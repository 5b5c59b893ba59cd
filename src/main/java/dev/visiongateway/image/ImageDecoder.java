package dev.visiongateway.image;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.opentelemetry.instrumentation.annotations.WithSpan;

/**
 * Decodes the first frame of an image within the decode budget and a deadline (docs/ARCHITECTURE.md rules 5 and
 * 13). Subsampling rounds up, so the decoded long side is at most the target; when even that would not fit the
 * budget ({@link DecodeCost}), every further pixel is skipped until it does, and an image whose decoder holds
 * more than the whole budget whatever the subsampling (a huge lossless WebP or progressive JPEG) is refused.
 *
 * <p>
 * What stops a decode: its input ({@link GuardedImageInput}) fails every read after the deadline and after
 * repeated reads past the end. {@code ImageReader.abort()} would not help: the TwelveMonkeys WebP reader checks it
 * only after decoding, and its JPEG reader does not pass it on to the JDK decoder it wraps. Work a decoder does
 * between reads is bounded by the pixels, which the budget bounds.
 */
@ApplicationScoped
public class ImageDecoder {

    private static final Logger LOG = Logger.getLogger(ImageDecoder.class);

    private final ImageLimits limits;
    private final DecodeBudget budget;

    public ImageDecoder(ImageLimits limits, DecodeBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /**
     * Decoded pixels and the budget they hold: close it once the pixels and every copy made from them are
     * dropped.
     */
    public record Decoded(BufferedImage image, int width, int height, int subsampling,
            DecodeBudget.Reservation reservation) implements AutoCloseable {

        @Override
        public void close() {
            reservation.close();
        }
    }

    /**
     * Decodes within the budget: waits up to {@code budgetWait} for its bytes, else {@code 503 images_busy}; an
     * image that cannot fit at all is {@code 413 image_too_large} at {@code field}. A file that is truncated,
     * corrupt, or still decoding at the deadline is an {@link IOException}.
     *
     * @param workingBytesPerPixel what the caller allocates per decoded pixel besides the decoded image (its copies
     *        and encoders)
     */
    public Decoded decode(byte[] bytes, ImageFormat format, int targetLongSide, int workingBytesPerPixel,
            Duration budgetWait, String field) throws IOException {
        return decode(bytes, format, targetLongSide, Long.MAX_VALUE, workingBytesPerPixel, budgetWait, field);
    }

    /** The same, subsampled to at most {@code targetPixels} too. */
    @WithSpan("image decode")
    public Decoded decode(byte[] bytes, ImageFormat format, int targetLongSide, long targetPixels,
            int workingBytesPerPixel, Duration budgetWait, String field) throws IOException {
        GuardedImageInput input = new GuardedImageInput(bytes, System.nanoTime() + limits.decodeTimeout().toNanos());
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            throw new IIOException("no reader for the image");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            DecodeCost cost = DecodeCost.of(format, bytes, width, height, workingBytesPerPixel);
            int subsampling = cost.subsamplingWithin(targetLongSide, targetPixels, budget.capacity())
                    .orElseThrow(() -> overBudget(format, width, height, cost, field));
            DecodeBudget.Reservation reservation = reserve(cost.bytesAt(subsampling), budgetWait);
            boolean decoded = false;
            try {
                // the deadline counts decoding only, not the wait for the budget
                input.deadlineIn(limits.decodeTimeout());
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
                BufferedImage image = read(reader, param, input, format, width, height);
                decoded = true;
                return new Decoded(image, width, height, subsampling, reservation);
            } finally {
                if (!decoded) {
                    reservation.close();
                }
            }
        } finally {
            reader.dispose();
        }
    }

    /** Reads the pixels; a stopped decode is logged, since it costs a client's image and hints at an attack. */
    private BufferedImage read(ImageReader reader, ImageReadParam param, GuardedImageInput input, ImageFormat format,
            int width, int height) throws IOException {
        String image = "a " + width + " x " + height + " " + format.label();
        try {
            BufferedImage pixels = reader.read(0, param);
            if (input.expired()) {
                throw new IIOException("the decode ran past its deadline");
            }
            return pixels;
        } catch (IOException | RuntimeException e) {
            if (input.expired()) {
                LOG.warnf("The decode of %s was stopped at its %s deadline", image, limits.decodeTimeout());
            } else if (input.endedEarly()) {
                LOG.infof("The decode of %s was stopped: its data ends early", image);
            }
            throw e;
        }
    }

    private DecodeBudget.Reservation reserve(long bytes, Duration wait) {
        try {
            return budget.reserve(bytes, wait).orElseThrow(ImagePermits::busy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ImagePermits.busy();
        }
    }

    private GatewayProblem overBudget(ImageFormat format, int width, int height, DecodeCost cost, String field) {
        return new GatewayProblem(ErrorCode.IMAGE_TOO_LARGE, "The " + width + " x " + height + " " + format.label()
                + " image needs about " + cost.bytesAt(Integer.MAX_VALUE) / 1_000_000 + " MB to decode whatever its"
                + " size is reduced to, more than the " + budget.capacity() / 1_000_000 + " MB the gateway can give"
                + " one image; send it smaller, or as a baseline JPEG or PNG.", field, null);
    }

    /**
     * {@link #decode}, then turned upright by its EXIF orientation: width and height are the upright image's, as a
     * browser shows it. The turn costs a second copy of the pixels while it runs, which the budget counts.
     */
    public Decoded decodeUpright(byte[] bytes, ImageFormat format, int targetLongSide, long targetPixels,
            int workingBytesPerPixel, Duration budgetWait, String field) throws IOException {
        int orientation = ImageMetadata.read(bytes, format).orientation();
        if (orientation <= 1) {
            return decode(bytes, format, targetLongSide, targetPixels, workingBytesPerPixel, budgetWait, field);
        }
        Decoded decoded = decode(bytes, format, targetLongSide, targetPixels, workingBytesPerPixel + 4, budgetWait,
                field);
        try {
            boolean swap = orientation >= 5;
            return new Decoded(upright(decoded.image(), orientation), swap ? decoded.height() : decoded.width(),
                    swap ? decoded.width() : decoded.height(), decoded.subsampling(), decoded.reservation());
        } catch (RuntimeException | Error e) {
            decoded.close();
            throw e;
        }
    }

    /** The image turned upright; EXIF orientations 2-8 mirror and/or rotate it. */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        // x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12, for each EXIF orientation
        AffineTransform transform = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
            default -> new AffineTransform(0, -1, 1, 0, 0, w);
        };
        boolean swap = orientation >= 5;
        BufferedImage upright = new BufferedImage(swap ? h : w, swap ? w : h,
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = upright.createGraphics();
        graphics.drawImage(image, transform, null);
        graphics.dispose();
        return upright;
    }
}
