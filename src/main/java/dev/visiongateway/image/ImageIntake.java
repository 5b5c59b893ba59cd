package dev.visiongateway.image;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import jakarta.enterprise.context.ApplicationScoped;

import dev.visiongateway.api.GatewayProblem;
import dev.visiongateway.vision.Detail;
import dev.visiongateway.vision.ImageInput;

/**
 * Turns the images of a request into images ready for a chat message: each source checked (DESIGN.md rule 3),
 * inline bytes identified by their magic numbers and measured. CPU-bound for inline images: call it on a worker
 * thread.
 */
@ApplicationScoped
public class ImageIntake {

    private static final String ACCEPTED = "JPEG, PNG, WebP, GIF or BMP";

    private final FetchConfig fetchConfig;

    public ImageIntake(FetchConfig fetchConfig) {
        this.fetchConfig = fetchConfig;
    }

    public List<PreparedImage> prepare(List<ImageInput> inputs, Detail requestDetail, Consumer<String> warnings) {
        List<PreparedImage> prepared = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            prepared.add(prepare("images[" + i + "]", i, inputs.get(i), requestDetail, warnings));
        }
        return prepared;
    }

    /** One image, whose faults are reported at {@code field} (a JSON path of the request). */
    public PreparedImage prepare(String field, int index, ImageInput input, Detail requestDetail,
            Consumer<String> warnings) {
        Detail detail = input.detail() != null ? input.detail() : requestDetail;
        boolean hasUrl = input.url() != null && !input.url().isBlank();
        boolean hasFile = input.fileId() != null && !input.fileId().isBlank();
        if (hasUrl == hasFile) {
            throw GatewayProblem.badRequest("invalid_image", field,
                    "Image " + (index + 1) + " must give exactly one of 'url' (https or data:) and 'file_id'.");
        }
        if (hasFile) {
            return PreparedImage.asFile(new ImageReport(index, "file", "file", null, null, null, null, null),
                    new ImageSource.File(input.fileId(), checkedMimeType(input.mimeType(), field)), detail);
        }
        if (input.url().regionMatches(true, 0, "data:", 0, 5)) {
            return inline(index, input.url(), field + ".url", detail, warnings);
        }
        URI url = checkedRemoteUrl(input.url(), field + ".url");
        return PreparedImage.asUrl(new ImageReport(index, "url", "url", null, null, null, null, null),
                url.toString(), detail);
    }

    private PreparedImage inline(int index, String dataUrl, String field, Detail detail, Consumer<String> warnings) {
        DataUrlDecoder.Decoded decoded = DataUrlDecoder.decode(dataUrl, field);
        byte[] bytes = decoded.bytes();
        ImageFormat format = checkedFormat(bytes, field);
        if (!ImageFormat.ofMimeType(decoded.declaredType()).equals(Optional.of(format))) {
            warnings.accept("Image " + (index + 1) + " was declared as " + decoded.declaredType() + " but its bytes are "
                    + format.label() + "; it was sent as " + format.mimeType() + ".");
        }
        Optional<ImageProbe.Dimensions> dimensions = ImageProbe.dimensions(bytes);
        if (dimensions.isEmpty() && ImageIO.getImageReadersByMIMEType(format.mimeType()).hasNext()) {
            throw GatewayProblem.badRequest("invalid_image", field,
                    "Image " + (index + 1) + " starts like " + format.label() + " but its header cannot be read: "
                            + "the file is truncated or corrupt.");
        }
        ImageReport report = new ImageReport(index, "data", "data", format.label(),
                dimensions.map(ImageProbe.Dimensions::width).orElse(null),
                dimensions.map(ImageProbe.Dimensions::height).orElse(null),
                (long) bytes.length, sha256(bytes));
        String payload = dataUrl.substring(dataUrl.indexOf(',') + 1);
        return PreparedImage.asUrl(report, "data:" + format.mimeType() + ";base64," + payload, detail);
    }

    private static ImageFormat checkedFormat(byte[] bytes, String field) {
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new GatewayProblem(415, "unsupported_format",
                "The image is in no format the gateway recognises; send " + ACCEPTED + ".", field, null));
        if (!format.accepted()) {
            throw new GatewayProblem(415, "unsupported_format",
                    "The image is " + format.label() + "; send " + ACCEPTED + ".", field, null);
        }
        return format;
    }

    private URI checkedRemoteUrl(String raw, String field) {
        URI url;
        try {
            url = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw GatewayProblem.badRequest("invalid_url", field, "The image URL is malformed: " + e.getReason() + ".");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !fetchConfig.allowHttp()) {
            throw GatewayProblem.badRequest("url_not_allowed", field,
                    "Plain http image URLs are refused; use https (operators may allow http with gateway.fetch.allow-http).");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw GatewayProblem.badRequest("url_not_allowed", field,
                    "Image URLs must be https or data: URLs; '" + scheme + ":' is not accepted.");
        }
        if (url.getRawUserInfo() != null) {
            throw GatewayProblem.badRequest("url_not_allowed", field,
                    "Image URLs must not carry credentials (user:password@).");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw GatewayProblem.badRequest("invalid_url", field, "The image URL has no host.");
        }
        return url;
    }

    private static String checkedMimeType(String mimeType, String field) {
        if (mimeType == null) {
            return null;
        }
        return ImageFormat.ofMimeType(mimeType.toLowerCase(Locale.ROOT)).filter(ImageFormat::accepted)
                .map(ImageFormat::mimeType)
                .orElseThrow(() -> new GatewayProblem(415, "unsupported_format", "mime_type '" + mimeType
                        + "' is not an accepted image type; use " + ACCEPTED + " types.", field + ".mime_type", null));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
