package dev.visiongateway.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * What images are, by content rather than by how they arrived: the key the answer cache files an image's answers
 * under. An image the gateway prepared is known by the SHA-256 of what it sent, so the same photo as a data URL, an
 * upload, a downloaded URL or a file id from {@code POST /v1/files} is one image. The bytes an image arrived in are
 * remembered with what they were prepared into, so that an image seen before is recognized from its bytes' SHA-256
 * without being decoded again.
 */
@ApplicationScoped
// Caffeine picks the class of a cache by its features; Quarkus registers those of its own caches, not this one's
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.SSMW", fields = true)
public class ImageIdentities {

    /**
     * Reports remembered (an image tiled for OCR has one per tile), some 1 KB each with its key: about 4 MB of the
     * 192 MB heap at most; and as many file ids.
     */
    private static final int REMEMBERED = 4_000;

    /** One image as the answer cache keys it: what it is, and the detail it is looked at in. */
    public record ImageKey(String content, Detail detail) {
    }

    /** An image prepared before: the reports the intake gave for it and its keys (one per tile). */
    private record Prepared(List<ImageReport> reports, List<ImageKey> keys) {
    }

    /**
     * What a request's images are known to be before any is decoded: the SHA-256 of each image's bytes as they came
     * (null for an image given by reference), and, when every image is known, their reports and keys in order.
     */
    public record Recognized(List<String> receivedSha256, Optional<List<ImageReport>> reports,
            Optional<List<ImageKey>> keys) {
    }

    private final Cache<String, Prepared> preparedBefore = Caffeine.newBuilder().maximumWeight(REMEMBERED)
            .<String, Prepared> weigher((received, prepared) -> prepared.reports().size()).build();
    private final Cache<String, String> uploadedFiles = Caffeine.newBuilder().maximumSize(REMEMBERED).build();

    /** The key of a prepared image: its content's SHA-256; a reference by what it names. */
    public String content(PreparedImage image) {
        if (image.report().sha256() != null) {
            return image.report().sha256();
        }
        if (image.content() instanceof ImageContent.StoredFile stored) {
            return fileContent(stored.file().fileId());
        }
        if (image.content() instanceof ImageContent.RemoteUrl remote) {
            return "url:" + remote.url();
        }
        throw new IllegalStateException("a prepared image without its SHA-256: " + image.report());
    }

    /** The keys of prepared images, in order. */
    public List<ImageKey> keys(List<PreparedImage> images) {
        return images.stream().map(image -> new ImageKey(content(image), image.detail())).toList();
    }

    /** A file the gateway put into the router's Files API for a client: its id stands for the image it holds. */
    public void uploadedFile(String fileId, String sha256) {
        uploadedFiles.put(fileId, sha256);
    }

    /**
     * Remembers what the images that came as {@code receivedSha256} (per request image, by index; null for a
     * reference) were prepared into for {@code preparation}.
     */
    public void remember(List<String> receivedSha256, ImagePreparation preparation, List<PreparedImage> prepared) {
        for (int index = 0; index < receivedSha256.size(); index++) {
            String received = receivedSha256.get(index);
            if (received == null) {
                continue;
            }
            int image = index;
            List<PreparedImage> own = prepared.stream().filter(one -> one.report().index() == image).toList();
            if (!own.isEmpty()) {
                preparedBefore.put(received + "/" + preparation, new Prepared(
                        own.stream().map(PreparedImage::report).toList(), keys(own)));
            }
        }
    }

    /**
     * The request's images as far as they are known without decoding: each data URL and upload is hashed (on a
     * worker thread), references are known by what they name, and a remote URL to download is not known.
     */
    public Uni<Recognized> recognize(List<ImageInput> inputs, List<UploadedImage> uploads, Detail requestDetail,
            ImagePreparation preparation, FetchConfig.Mode fetchMode) {
        return Workers.run(() -> {
            List<String> received = new ArrayList<>();
            List<ImageReport> reports = new ArrayList<>();
            List<ImageKey> keys = new ArrayList<>();
            boolean all = true;
            for (int i = 0; i < inputs.size(); i++) {
                ImageInput input = inputs.get(i);
                Detail detail = input.detail() != null ? input.detail() : requestDetail;
                String sha = null;
                boolean asSent = preparation == ImagePreparation.AS_SENT;
                boolean hasFile = input.fileId() != null && !input.fileId().isBlank();
                boolean hasUrl = input.url() != null && !input.url().isBlank();
                if (hasFile == hasUrl || hasFile && asSent) {
                    // refused by the intake (exactly one of them; an engine that reads bytes has none of a file)
                    all = false;
                } else if (hasFile) {
                    reports.add(ImageReport.reference(i, "file", "file"));
                    keys.add(new ImageKey(fileContent(input.fileId()), detail));
                } else if (input.url().regionMatches(true, 0, "data:", 0, 5)) {
                    sha = sha256(DataUrlDecoder.decode(DataUrlText.unchecked(input.url()), "images[" + i + "].url")
                            .bytes());
                    all &= known(sha, i, "data", preparation, detail, reports, keys);
                } else if (fetchMode == FetchConfig.Mode.PASS_THROUGH && !asSent) {
                    reports.add(ImageReport.reference(i, "url", "url"));
                    keys.add(new ImageKey("url:" + input.url(), detail));
                } else {
                    all = false;
                }
                received.add(sha);
            }
            for (int i = 0; i < uploads.size(); i++) {
                String sha = sha256(uploads.get(i));
                all &= known(sha, inputs.size() + i, "upload", preparation, requestDetail, reports, keys);
                received.add(sha);
            }
            return all ? new Recognized(received, Optional.of(reports), Optional.of(keys))
                    : new Recognized(received, Optional.empty(), Optional.empty());
        });
    }

    private boolean known(String sha, int index, String source, ImagePreparation preparation, Detail detail,
            List<ImageReport> reports, List<ImageKey> keys) {
        Prepared before = preparedBefore.getIfPresent(sha + "/" + preparation);
        if (before == null) {
            return false;
        }
        for (ImageReport report : before.reports()) {
            reports.add(new ImageReport(index, source, report.sentAs(), report.format(), report.width(),
                    report.height(), report.bytes(), report.sha256(), report.original(), report.actions(),
                    report.tile()));
        }
        before.keys().forEach(key -> keys.add(new ImageKey(key.content(), detail)));
        return true;
    }

    /** A file id's key: the image's SHA-256 when the gateway put it into the Files API for a client. */
    public String fileContent(String fileId) {
        String sha = uploadedFiles.getIfPresent(fileId);
        return sha != null ? sha : "file:" + fileId;
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(UploadedImage upload) {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(upload.file()), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("the spooled upload " + upload.file() + " could not be read", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
