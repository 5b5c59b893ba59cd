package dev.visiongateway.answers;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.image.FetchConfig;
import dev.visiongateway.image.ImageIdentities;
import dev.visiongateway.image.ImageReport;
import dev.visiongateway.image.UploadedImage;
import dev.visiongateway.vision.PreparedCall;
import dev.visiongateway.vision.StreamEvent;
import dev.visiongateway.vision.VisionAnswer;
import dev.visiongateway.vision.VisionOperation;
import dev.visiongateway.vision.VisionRequest;
import dev.visiongateway.vision.VisionService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * describe, compare and ocr through the answer cache (docs/ARCHITECTURE.md rule 22). Images known from their bytes
 * (data URLs and uploads seen before, file ids, URLs passed through) are looked up before anything is decoded; the
 * others once the intake has prepared them, by the SHA-256 of what would be sent. A miss asks the model, and a
 * complete answer is stored.
 */
@ApplicationScoped
public class CachedOperations {

    /** The answer and what the cache did. */
    public record Answered(VisionAnswer answer, CacheOutcome outcome) {
    }

    /**
     * A call about to stream: a stored answer to replay ({@code hit}), or the call to run ({@code call}), whose
     * complete answer is stored under {@code key} unless that is null.
     */
    public record Streaming(VisionAnswer hit, PreparedCall call, String key, CacheOutcome outcome) {

        public String model() {
            return hit != null ? hit.model() : call.model();
        }
    }

    /** What is known before the call: the model and images' keys, and a stored answer if one was found. */
    private record Lookup(String key, VisionAnswer hit, long age, PreparedCall call) {
    }

    private final VisionService vision;
    private final ImageIdentities identities;
    private final StoredAnswers stored;
    private final AnswerKeys keys;
    private final AnswerCacheConfig config;
    private final FetchConfig fetch;
    private final AnswerCacheMetrics metrics;
    private final ObjectMapper json;

    CachedOperations(VisionService vision, ImageIdentities identities, StoredAnswers stored, AnswerKeys keys,
            AnswerCacheConfig config, FetchConfig fetch, AnswerCacheMetrics metrics, ObjectMapper json) {
        this.vision = vision;
        this.identities = identities;
        this.stored = stored;
        this.keys = keys;
        this.config = config;
        this.fetch = fetch;
        this.metrics = metrics;
        this.json = json;
    }

    /** The whole answer at once: stored, or the model's. */
    public Uni<Answered> answer(VisionOperation operation, VisionRequest request, List<UploadedImage> uploads,
            String tenant, CacheRequest asking) {
        if (!config.enabled()) {
            return vision.answer(operation, request, uploads).map(answer -> new Answered(answer, CacheOutcome.NONE));
        }
        if (asking.noStore()) {
            metrics.count("skipped");
            return vision.answer(operation, request, uploads)
                    .map(answer -> new Answered(answer, CacheOutcome.bypassed()));
        }
        return lookUp(operation, request, uploads, tenant, asking).flatMap(lookup -> {
            if (lookup.hit() != null) {
                return Uni.createFrom().item(new Answered(lookup.hit(), CacheOutcome.hit(lookup.age())));
            }
            return vision.answer(lookup.call()).flatMap(answer -> {
                metrics.count("miss");
                // a fallback model's answer is not the asked model's: it is not given again as that model's
                if (!answer.complete() || !answer.model().equals(lookup.call().model())) {
                    return Uni.createFrom().item(new Answered(answer, outcome(asking, false)));
                }
                return stored.keep(lookup.key(), written(answer))
                        .map(kept -> new Answered(answer, outcome(asking, kept)));
            });
        });
    }

    /** The call to stream, or the stored answer to replay. */
    public Uni<Streaming> stream(VisionOperation operation, VisionRequest request, List<UploadedImage> uploads,
            String tenant, CacheRequest asking) {
        if (!config.enabled()) {
            return vision.prepare(operation, request, uploads)
                    .map(call -> new Streaming(null, call, null, CacheOutcome.NONE));
        }
        if (asking.noStore()) {
            metrics.count("skipped");
            return vision.prepare(operation, request, uploads)
                    .map(call -> new Streaming(null, call, null, CacheOutcome.bypassed()));
        }
        return lookUp(operation, request, uploads, tenant, asking).map(lookup -> {
            if (lookup.hit() != null) {
                return new Streaming(lookup.hit(), null, null, CacheOutcome.hit(lookup.age()));
            }
            metrics.count("miss");
            return new Streaming(null, lookup.call(), lookup.key(), outcome(asking, false));
        });
    }

    /**
     * The events of a call: a stored answer replayed at once, or the model's as they come, stored once the stream
     * came to its end (a stream cut short, failed or left by its client is not).
     */
    public Multi<StreamEvent> events(Streaming streaming) {
        if (streaming.hit() != null) {
            return Multi.createFrom().iterable(StreamEvent.replay(streaming.hit()));
        }
        Multi<StreamEvent> events = vision.stream(streaming.call());
        if (streaming.key() == null) {
            return events;
        }
        return Multi.createFrom().deferred(() -> {
            StreamedAnswer answer = new StreamedAnswer(config.maxAnswerBytes().asLongValue());
            return events.invoke(answer::add).onCompletion().invoke(() -> answer.whole()
                    .filter(VisionAnswer::complete)
                    .filter(whole -> whole.model().equals(streaming.call().model()))
                    .ifPresent(whole -> stored.keep(streaming.key(), written(whole)).subscribe().with(kept -> {
                    })));
        });
    }

    /**
     * The request checked as the operation checks it (a refused request is refused with or without the cache), then
     * looked up: before any image is decoded when all are known, else once they are prepared.
     */
    private Uni<Lookup> lookUp(VisionOperation operation, VisionRequest request, List<UploadedImage> uploads,
            String tenant, CacheRequest asking) {
        // taken before the intake normalizes the history's images in place
        String history = keys.history(request);
        return vision.check(operation, request, uploads).flatMap(checked -> identities.recognize(
                request.imagesOrEmpty(), uploads, request.detail(), checked.preparation(operation), fetch.mode())
                // an image that cannot be made out here: the intake says what is wrong with it
                .onFailure().recoverWithNull()
                .flatMap(recognized -> {
                    String key = recognized == null ? null
                            : recognized.keys().map(images -> keys.operation(tenant, operation.id(), checked.model(),
                                    images, request, history)).orElse(null);
                    Uni<Lookup> found = key == null || asking.noCache()
                            ? Uni.createFrom().item(new Lookup(key, null, 0, null))
                            : find(key, operation, recognized.reports().orElseThrow(), checked.warnings());
                    return found.flatMap(lookup -> lookup.hit() != null ? Uni.createFrom().item(lookup)
                            : vision.prepare(operation, checked, request, uploads).flatMap(call -> {
                                if (recognized != null) {
                                    identities.remember(recognized.receivedSha256(), checked.preparation(operation),
                                            call.call().images());
                                }
                                return prepared(operation, request, tenant, asking, key, call, history);
                            }));
                }));
    }

    /** The lookup once the images are prepared: the key of what would be sent, looked up unless it was already. */
    private Uni<Lookup> prepared(VisionOperation operation, VisionRequest request, String tenant, CacheRequest asking,
            String early, PreparedCall call, String history) {
        String key = keys.operation(tenant, operation.id(), call.model(), identities.keys(call.call().images()),
                request, history);
        if (asking.noCache() || key.equals(early)) {
            return Uni.createFrom().item(new Lookup(key, null, 0, call));
        }
        return find(key, operation, call.images(), call.warnings()).map(lookup -> lookup.hit() != null ? lookup
                : new Lookup(key, null, 0, call));
    }

    /** A stored answer given again: as this request sent its images, with this request's warnings. */
    private Uni<Lookup> find(String key, VisionOperation operation, List<ImageReport> images, List<String> warnings) {
        return stored.find(key).map(found -> {
            VisionAnswer read = found == null ? null : read(found.json());
            if (read == null) {
                return new Lookup(key, null, 0, null);
            }
            VisionAnswer answer = read.reused("vg-" + UUID.randomUUID(), images, warnings);
            metrics.hit(operation.id(), answer.usage() == null ? null : answer.usage().totalTokens());
            return new Lookup(key, answer, found.ageSeconds(stored.now()), null);
        });
    }

    private static CacheOutcome outcome(CacheRequest asking, boolean stored) {
        return asking.noCache() ? CacheOutcome.refreshed(stored) : CacheOutcome.miss(stored);
    }

    private String written(VisionAnswer answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written as JSON", e);
        }
    }

    /** A stored answer, or null when it cannot be read (written by another version): then it is a miss. */
    private VisionAnswer read(String text) {
        try {
            return json.readValue(text, VisionAnswer.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
