package dev.visiongateway.answers;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.ImageIdentities;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.vision.ChatCompletions;
import dev.visiongateway.vision.JsonImagePart;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Chat completions through the answer cache (docs/ARCHITECTURE.md rule 22): the checked request is the question, its
 * images taken by content, without {@code stream} and {@code stream_options}, which change only the answer's shape. A
 * stored completion is answered as it was, {@code "cached": true}, or streamed as its chunks and {@code [DONE]}.
 */
@ApplicationScoped
public class CachedChat {

    /** The completion (stored or the model's), the checked request, and what the cache did. */
    public record Answered(ObjectNode answer, ChatCompletions.Checked checked, CacheOutcome outcome) {
    }

    /** The checked request, and the stored completion to replay or the key to store the streamed one under. */
    public record Streaming(ChatCompletions.Checked checked, ObjectNode hit, String key, CacheOutcome outcome) {
    }

    private final ChatCompletions chat;
    private final ImageIdentities identities;
    private final StoredAnswers stored;
    private final AnswerKeys keys;
    private final AnswerCacheConfig config;
    private final AnswerCacheMetrics metrics;
    private final ObjectMapper json;

    CachedChat(ChatCompletions chat, ImageIdentities identities, StoredAnswers stored, AnswerKeys keys,
            AnswerCacheConfig config, AnswerCacheMetrics metrics, ObjectMapper json) {
        this.chat = chat;
        this.identities = identities;
        this.stored = stored;
        this.keys = keys;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
    }

    public Uni<Answered> answer(ObjectNode request, String tenant, CacheRequest asking) {
        return chat.check(request).flatMap(checked -> lookUp(checked, tenant, asking).flatMap(lookup -> {
            if (lookup.hit() != null) {
                return Uni.createFrom().item(new Answered(lookup.hit(), checked, lookup.outcome()));
            }
            return chat.complete(checked).flatMap(answer -> {
                if (lookup.key() == null) {
                    return Uni.createFrom().item(new Answered(answer, checked, lookup.outcome()));
                }
                metrics.count("miss");
                // a fallback model's answer is not the asked model's: it is not given again as that model's
                if (!StreamedCompletion.complete(answer) || !answeredAsAsked(checked)) {
                    return Uni.createFrom().item(new Answered(answer, checked, outcome(asking, false)));
                }
                return stored.keep(lookup.key(), answer.toString())
                        .map(kept -> new Answered(answer, checked, outcome(asking, kept)));
            });
        }));
    }

    public Uni<Streaming> stream(ObjectNode request, String tenant, CacheRequest asking) {
        return chat.check(request).flatMap(checked -> lookUp(checked, tenant, asking).map(lookup -> {
            if (lookup.hit() == null && lookup.key() != null) {
                metrics.count("miss");
            }
            return new Streaming(checked, lookup.hit(), lookup.key(),
                    lookup.hit() != null || lookup.key() == null ? lookup.outcome() : outcome(asking, false));
        }));
    }

    /** The chunks: a stored completion's at once, or the model's as they come, stored once they all came. */
    public Multi<String> events(Streaming streaming) {
        if (streaming.hit() != null) {
            return Multi.createFrom().iterable(StreamedCompletion.replay(json, streaming.hit()));
        }
        Multi<String> events = chat.stream(streaming.checked());
        if (streaming.key() == null) {
            return events;
        }
        return Multi.createFrom().deferred(() -> {
            StreamedCompletion completion = new StreamedCompletion(json, config.maxAnswerBytes().asLongValue());
            return events.invoke(completion::add).onCompletion().invoke(() -> completion.whole()
                    .filter(StreamedCompletion::complete)
                    .filter(whole -> answeredAsAsked(streaming.checked()))
                    .ifPresent(whole -> stored.keep(streaming.key(), whole.toString()).subscribe().with(kept -> {
                    })));
        });
    }

    private static boolean answeredAsAsked(ChatCompletions.Checked checked) {
        return checked.answering().model().equals(checked.model());
    }

    /** A stored completion, the key to store a fresh one under (null: none), and the outcome so far. */
    private record Lookup(ObjectNode hit, String key, CacheOutcome outcome) {
    }

    private Uni<Lookup> lookUp(ChatCompletions.Checked checked, String tenant, CacheRequest asking) {
        if (!config.enabled()) {
            return Uni.createFrom().item(new Lookup(null, null, CacheOutcome.NONE));
        }
        if (asking.noStore()) {
            metrics.count("skipped");
            return Uni.createFrom().item(new Lookup(null, null, CacheOutcome.bypassed()));
        }
        String key = keys.chat(tenant, List.of(), question(checked));
        if (asking.noCache()) {
            return Uni.createFrom().item(new Lookup(null, key, CacheOutcome.refreshed(false)));
        }
        return stored.find(key).map(found -> {
            ObjectNode hit = found == null ? null : read(found.json());
            if (hit == null) {
                return new Lookup(null, key, CacheOutcome.miss(false));
            }
            hit.put("cached", true);
            metrics.hit("chat", hit.path("usage").path("total_tokens").isInt()
                    ? hit.path("usage").path("total_tokens").asInt()
                    : null);
            return new Lookup(hit, key, CacheOutcome.hit(found.ageSeconds(stored.now())));
        });
    }

    /** The checked request with each image by content, as the question an answer is stored for. */
    private ObjectNode question(ChatCompletions.Checked checked) {
        Map<JsonNode, PreparedImage> images = new IdentityHashMap<>();
        for (JsonImagePart part : checked.images()) {
            images.put(part.part(), part.image());
        }
        ObjectNode question = checked.request().deepCopy();
        question.remove(List.of("stream", "stream_options"));
        JsonNode messages = checked.request().path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                PreparedImage image = images.get(part);
                if (image == null && part.path("input_file").path("file_id").isTextual()) {
                    ((ObjectNode) question.path("messages").get(i).path("content").get(j).path("input_file"))
                            .put("file_id", identities.fileContent(part.path("input_file").path("file_id").asText()));
                }
                if (image != null) {
                    ObjectNode byContent = json.createObjectNode().put("type", "image")
                            .put("content", identities.content(image))
                            .put("detail", image.detail() == null ? null : image.detail().name());
                    ((ArrayNode) question.path("messages").get(i).path("content")).set(j, byContent);
                }
            }
        }
        return question;
    }

    private static CacheOutcome outcome(CacheRequest asking, boolean stored) {
        return asking.noCache() ? CacheOutcome.refreshed(stored) : CacheOutcome.miss(stored);
    }

    private ObjectNode read(String text) {
        try {
            return json.readTree(text) instanceof ObjectNode completion ? completion : null;
        } catch (IOException e) {
            return null;
        }
    }
}
