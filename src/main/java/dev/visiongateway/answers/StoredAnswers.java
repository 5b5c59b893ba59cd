package dev.visiongateway.answers;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.visiongateway.problem.PlainText;
import io.smallrye.mutiny.Uni;

/**
 * The store the configuration chose, used so that it never fails a request: a store that cannot answer (Redis down
 * or slow) is a miss that is not stored, counted as {@code skipped}, and the log says when it stops and resumes.
 */
@ApplicationScoped
public class StoredAnswers {

    private static final Logger LOG = Logger.getLogger(StoredAnswers.class);
    private static final String PREFIX = "vision-gateway:answers:";

    private final AnswerStore store;
    private final AnswerCacheConfig config;
    private final AnswerCacheMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    StoredAnswers(AnswerCacheConfig config, MemoryAnswers memory, Instance<RedisAnswers> redis,
            AnswerCacheMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.store = config.store() == AnswerCacheConfig.Store.REDIS ? redis.get() : memory;
    }

    /** Whether answers are shared by replicas through Redis; and then, whether Redis answered the last command. */
    public boolean inRedis() {
        return config.enabled() && config.store() == AnswerCacheConfig.Store.REDIS;
    }

    public boolean reachable() {
        return reachable.get();
    }

    /** The answer stored under {@code key}, or null: also when the store cannot be read now. */
    Uni<StoredAnswer> find(String key) {
        return Uni.createFrom().deferred(() -> store.find(PREFIX + key))
                .invoke(this::answered)
                .map(StoredAnswers::read)
                .onFailure().recoverWithItem(failure -> {
                    unreachable(failure);
                    metrics.count("skipped");
                    return null;
                });
    }

    /** Stores an answer's JSON unless it is too large; emits whether it was stored. */
    Uni<Boolean> keep(String key, String json) {
        if (2L * json.length() > config.maxAnswerBytes().asLongValue() && json.getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length > config.maxAnswerBytes().asLongValue()) {
            metrics.count("skipped");
            return Uni.createFrom().item(false);
        }
        return Uni.createFrom().deferred(() -> store.keep(PREFIX + key, new StoredAnswer(json, clock.millis()).text()))
                .invoke(this::answered)
                .invoke(() -> metrics.count("stored"))
                .map(done -> true)
                .onFailure().recoverWithItem(failure -> {
                    unreachable(failure);
                    metrics.count("skipped");
                    return false;
                });
    }

    /** A stored answer, or null (a miss) for text this version cannot read. */
    private static StoredAnswer read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return StoredAnswer.ofText(text);
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }

    long now() {
        return clock.millis();
    }

    private void answered() {
        if (reachable.compareAndSet(false, true)) {
            LOG.info("The answer cache's store answers again: answers are stored and given again.");
        }
    }

    private void unreachable(Throwable failure) {
        if (reachable.compareAndSet(true, false)) {
            LOG.warnf("The answer cache's store does not answer (%s): requests are served without it until it does.",
                    PlainText.line(String.valueOf(failure), 200));
        }
    }
}
