package dev.visiongateway.upstream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.DataUrlText;
import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.openai.ChatRequest;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.vision.JsonImagePart;
import io.smallrye.mutiny.Uni;

/**
 * Makes the request the gateway is about to send fit the router (docs/ARCHITECTURE.md rules 2 and 9): images large
 * enough to be worth it are sent as file ids, uploaded once by their SHA-256; then, while the JSON body would be
 * over {@code gateway.router.max-body-bytes}, the largest inline image is uploaded and sent as a file id. Images in
 * the history and in chat completions' messages are JSON parts, turned into {@code input_file} parts in place. Each
 * new image so sent says so in its report. A body that cannot fit even with every image a file is a 413.
 */
final class RouterBodyFit {

    static final String UPLOADED = "uploaded_as_file";
    static final String REUSED = "reused_uploaded_file";
    /** An {@code input_file} part is this much longer than the empty {@code image_url} part it replaces, at most. */
    private static final int FILE_PART_GROWTH = 160;

    private final RouterFiles files;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    RouterBodyFit(RouterFiles files, ObjectMapper json, long maxBodyBytes) {
        this.files = files;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The images, with those that must go as files replaced; image parts of the history ({@code historyImages}) are
     * turned into file parts in place by the same rules. {@code request} builds the chat request around a list of
     * images; it is measured with every inline image's URL left empty, then each URL's length added (base64 and a
     * data URL's prefix need no escaping in JSON), so the body is never written out whole to measure it.
     */
    Uni<List<PreparedImage>> fitted(List<PreparedImage> images, List<JsonImagePart> historyImages,
            Function<List<PreparedImage>, ChatRequest> request) {
        List<PreparedImage> fitted = new ArrayList<>(images);
        Uni<Void> reused = Uni.createFrom().voidItem();
        for (int i = 0; i < fitted.size(); i++) {
            PreparedImage image = fitted.get(i);
            if (image.content() instanceof ImageContent.DataUrl && (image.reuse()
                    || image.report().bytes() != null && files.worthReusing(image.report().bytes()))) {
                int index = i;
                reused = reused.chain(() -> asFile(fitted, index));
            }
        }
        return reused.chain(() -> reusedParts(historyImages)).chain(() -> {
            List<Inline> inline = new ArrayList<>();
            for (int i = 0; i < fitted.size(); i++) {
                if (fitted.get(i).content() instanceof ImageContent.DataUrl data) {
                    int index = i;
                    inline.add(new Inline(data.url().length(), () -> asFile(fitted, index)));
                }
            }
            List<PreparedImage> emptied = emptied(fitted);
            long frame = measuredWithout(historyImages, inline, () -> request.apply(emptied));
            return offload(inline, frame);
        }).replaceWith(fitted);
    }

    /**
     * Fits an OpenAI-shaped request ({@code /v1/chat/completions}) whose image parts are {@code images}: those worth
     * reusing become file parts, then the largest inline ones while the body is over the limit.
     */
    Uni<Void> fitted(ObjectNode request, List<JsonImagePart> images) {
        if (images.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return reusedParts(images).chain(() -> {
            List<Inline> inline = new ArrayList<>();
            long frame = measuredWithout(images, inline, () -> request);
            return offload(inline, frame);
        });
    }

    /** An inline image that could go as a file: its data URL's length, and how to send it as a file. */
    private record Inline(long length, Supplier<Uni<Void>> asFile) {
    }

    private Uni<Void> reusedParts(List<JsonImagePart> parts) {
        Uni<Void> reused = Uni.createFrom().voidItem();
        for (JsonImagePart part : parts) {
            Long bytes = part.image().report().bytes();
            if (part.inline() != null && bytes != null && files.worthReusing(bytes)) {
                reused = reused.chain(() -> asFile(part));
            }
        }
        return reused;
    }

    /**
     * The body {@code request} builds, measured with the URLs of the parts still inline left empty (each is put back
     * after), which are added to {@code inline}: a data URL is written out only when it is sent, never to measure.
     */
    private long measuredWithout(List<JsonImagePart> parts, List<Inline> inline, Supplier<Object> request) {
        List<Map.Entry<ObjectNode, JsonNode>> emptied = new ArrayList<>();
        try {
            for (JsonImagePart part : parts) {
                ImageContent.DataUrl data = part.inline();
                if (data != null && part.part().get("image_url") instanceof ObjectNode imageUrl) {
                    emptied.add(Map.entry(imageUrl, imageUrl.get("url")));
                    imageUrl.put("url", "");
                    inline.add(new Inline(data.url().length(), () -> asFile(part)));
                }
            }
            return measured(request.get());
        } finally {
            emptied.forEach(entry -> entry.getKey().set("url", entry.getValue()));
        }
    }

    /** Uploads the largest inline image while the body is over the limit, one at a time: one decoded copy at once. */
    private Uni<Void> offload(List<Inline> inline, long frame) {
        long body = frame;
        Inline largest = null;
        for (Inline image : inline) {
            body += image.length();
            if (largest == null || image.length() > largest.length()) {
                largest = image;
            }
        }
        if (body <= maxBodyBytes) {
            return Uni.createFrom().voidItem();
        }
        if (largest == null) {
            throw GatewayProblem.of(ErrorCode.REQUEST_TOO_LARGE, null, "The request to the router would be " + body
                    + " bytes with every image sent as a file id, over the router's limit of " + maxBodyBytes
                    + " bytes (gateway.router.max-body-bytes): the prompt and the history alone are too long.");
        }
        List<Inline> rest = new ArrayList<>(inline);
        rest.remove(largest);
        long grown = frame + FILE_PART_GROWTH;
        return largest.asFile().get().chain(() -> offload(rest, grown));
    }

    private Uni<Void> asFile(List<PreparedImage> images, int index) {
        PreparedImage image = images.get(index);
        ImageContent.DataUrl inline = (ImageContent.DataUrl) image.content();
        String sha256 = image.report().sha256();
        return files.once(sha256, inline, files.defaultPurpose()).invoke(upload -> images.set(index,
                image.sentAs(image.report().sentAsFile(upload.uploaded() ? UPLOADED : REUSED),
                        upload.uploaded() ? new ImageContent.StoredFile(upload.file())
                                : new ImageContent.ReusedFile(upload.file(), sha256, inline))))
                .replaceWithVoid();
    }

    private Uni<Void> asFile(JsonImagePart part) {
        return files.once(part.image().report().sha256(), part.inline(), files.defaultPurpose())
                .invoke(upload -> part.sendAsFile(upload.file()))
                .replaceWithVoid();
    }

    private static List<PreparedImage> emptied(List<PreparedImage> images) {
        List<PreparedImage> emptied = new ArrayList<>(images.size());
        for (PreparedImage image : images) {
            emptied.add(image.content() instanceof ImageContent.DataUrl
                    ? image.sentAs(image.report(), new ImageContent.DataUrl(DataUrlText.EMPTY))
                    : image);
        }
        return emptied;
    }

    private long measured(Object request) {
        CountingStream counted = new CountingStream();
        try {
            json.writeValue(counted, request);
        } catch (IOException e) {
            throw new UncheckedIOException("a chat request is always writable", e);
        }
        return counted.count;
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
