package dev.visiongateway.upstream;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.databind.JsonNode;

import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageFormat;
import dev.visiongateway.image.RouterFile;
import dev.visiongateway.image.Workers;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.redis.runtime.RedisCache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * Uploads images to the router's Files API (docs/ARCHITECTURE.md rule 9), once per content: the SHA-256 of the
 * normalized bytes maps to the router's file id for {@code gateway.files.ttl}: in the {@code router-files} cache, in
 * this replica's memory, or with {@code gateway.files.cache=redis} in {@code router-files-shared}, which every replica
 * shares through Redis. The map saves uploads; it is never needed to answer, so when Redis fails or is slow the
 * image is uploaded without it.
 */
@ApplicationScoped
public class RouterFiles {

    public static final String CACHE = "router-files";
    public static final String SHARED_CACHE = "router-files-shared";

    /** An image in the Files API, and whether this call uploaded it (else it was known by its SHA-256). */
    public record Upload(RouterFile file, boolean uploaded) {
    }

    /**
     * How long a lookup or a write in the shared map may take: it only saves an upload, so it must never cost more
     * than a small one.
     */
    private static final Duration REDIS_WAIT = Duration.ofMillis(500);

    private final RouterApi api;
    private final RouterConfig router;
    private final FilesConfig config;
    private final RouterRetry retry;
    private final Cache inMemory;
    /** The shared map, with {@code gateway.files.cache=redis}; else null. */
    private final RedisCache shared;
    /** Whether Redis answered the last lookup; only changes of it are logged. */
    private final AtomicBoolean redisAnswers = new AtomicBoolean(true);

    RouterFiles(@RestClient RouterApi api, RouterConfig router, FilesConfig config, RouterRetry retry,
            @CacheName(CACHE) Cache inMemory, @CacheName(SHARED_CACHE) Cache shared) {
        this.api = api;
        this.router = router;
        this.config = config;
        this.retry = retry;
        this.inMemory = inMemory;
        this.shared = config.cache() == FilesConfig.FileIdCache.REDIS ? shared.as(RedisCache.class) : null;
    }

    /** Why nothing can be uploaded now (no router), if so. */
    public Optional<GatewayProblem> unavailable() {
        return router.configured() ? Optional.empty()
                : Optional.of(GatewayProblem.of(ErrorCode.ROUTER_NOT_CONFIGURED,
                        null, "No LLM router is configured, so there is no Files API to upload to. Set GATEWAY_ROUTER_URL"
                                + " (and GATEWAY_ROUTER_API_KEY) and restart the gateway."));
    }

    public String defaultPurpose() {
        return config.purpose();
    }

    /** Whether an image of {@code bytes} normalized bytes is worth sending as a reusable file id. */
    boolean worthReusing(long bytes) {
        return bytes >= config.reuseAboveBytes();
    }

    /**
     * The file id of an inline image: the one its SHA-256 already maps to, else a new upload, remembered. Under
     * the gateway's purpose only: a file uploaded for another purpose is not reused for vision.
     */
    public Uni<Upload> once(String sha256, ImageContent.DataUrl image, String purpose) {
        if (!purpose.equals(config.purpose())) {
            return upload(image, purpose).map(file -> new Upload(file, true));
        }
        if (shared != null) {
            return onceShared(sha256, image, purpose);
        }
        AtomicBoolean uploaded = new AtomicBoolean();
        return inMemory.<String, RouterFile> getAsync(sha256, key -> upload(image, purpose).invoke(() -> uploaded.set(true)))
                .map(file -> new Upload(file, uploaded.get()));
    }

    /**
     * The same through Redis, one command at a time: a lookup, the upload if it found nothing, then a write that
     * nobody waits for. No Redis connection is held while the router receives the image, and a Redis that does not
     * answer costs {@link #REDIS_WAIT} at most, after which the image is uploaded without the map.
     */
    private Uni<Upload> onceShared(String sha256, ImageContent.DataUrl image, String purpose) {
        return shared.<String, RouterFile> getOrNull(sha256, RouterFile.class)
                .ifNoItem().after(REDIS_WAIT).fail()
                .invoke(() -> redisAnswered(null))
                .onFailure().recoverWithItem(failure -> {
                    redisAnswered(failure);
                    return null;
                })
                .flatMap(known -> known != null ? Uni.createFrom().item(new Upload(known, false))
                        : upload(image, purpose).invoke(file -> remember(sha256, file))
                                .map(file -> new Upload(file, true)));
    }

    private void remember(String sha256, RouterFile file) {
        shared.put(sha256, file).ifNoItem().after(REDIS_WAIT).fail().subscribe().with(done -> {
        }, this::redisAnswered);
    }

    private void redisAnswered(Throwable failure) {
        if (failure == null && redisAnswers.compareAndSet(false, true)) {
            Log.info("Redis answers again: the file-id map is shared by every replica again.");
        } else if (failure != null && redisAnswers.compareAndSet(true, false)) {
            Log.warnf("The shared file-id map in Redis cannot be reached (%s): images are uploaded without it until"
                    + " Redis answers.", failure.toString());
        }
    }

    /** Forgets what {@code sha256} mapped to: the router no longer knows that file. */
    Uni<Void> forget(String sha256) {
        // a stale entry that cannot be removed now is uploaded over on its next use, when the router refuses it again
        return (shared != null ? shared.invalidate(sha256) : inMemory.invalidate(sha256))
                .ifNoItem().after(REDIS_WAIT).fail()
                .onFailure().recoverWithNull();
    }

    /**
     * Uploads one image: its bytes decoded from the data URL on a worker thread (one copy, held until the upload is
     * sent), multipart {@code file} and {@code purpose}; retried like a chat call before anything was answered.
     */
    Uni<RouterFile> upload(ImageContent.DataUrl image, String purpose) {
        String mimeType = image.url().mediaType();
        ImageFormat format = ImageFormat.ofMimeType(mimeType).orElseThrow();
        return Workers.run(() -> {
            ByteBuffer decoded = image.url().image();
            return Buffer.buffer(io.netty.buffer.Unpooled.wrappedBuffer(decoded));
        }).flatMap(bytes -> {
            ClientMultipartForm form = ClientMultipartForm.create()
                    .attribute("purpose", purpose, null)
                    .binaryFileUpload("file", "image." + format.name().toLowerCase(java.util.Locale.ROOT), bytes, mimeType);
            return Uni.createFrom().deferred(() -> api.upload(relativePath(), form))
                    .onFailure(RouterRetry::retryable).retry().when(retry::delays)
                    .onFailure().transform(UpstreamFaults::toProblem)
                    .map(answer -> fileOf(answer, mimeType));
        });
    }

    private String relativePath() {
        String path = config.path().strip();
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private static RouterFile fileOf(JsonNode answer, String mimeType) {
        JsonNode id = answer == null ? null : answer.get("id");
        if (id == null || !id.isTextual()) {
            throw new RouterOutage(ErrorCode.UPSTREAM_MALFORMED, "The router's Files API answered without a file id.",
                    null);
        }
        try {
            return new RouterFile(RouterFile.checkedId(id.asText(), "id"), mimeType);
        } catch (GatewayProblem notAnId) {
            throw new RouterOutage(ErrorCode.UPSTREAM_MALFORMED, "The router's Files API answered with an id that is"
                    + " not a file id.", null);
        }
    }
}
