package dev.visiongateway.vision;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.visiongateway.catalog.CatalogModel;
import dev.visiongateway.catalog.FallbackConfig;
import dev.visiongateway.catalog.ModelCatalog;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.PlainText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Fallback models (docs/ARCHITECTURE.md rule 19): when the chosen model fails before anything reached the client
 * (the router's 429 or 5xx, a timeout, the model's open circuit breaker), the next model of its chain that the
 * catalog offers for images, and that the same backend runs, answers instead. The client is told in a warning, and
 * {@code gateway_fallbacks_total} counts it. Faults of the request itself (a 400 from the router) never fall back.
 */
@ApplicationScoped
public class ModelFallbacks {

    private static final Logger LOG = Logger.getLogger(ModelFallbacks.class);

    /** The operation tag of {@code /v1/chat/completions}, as in the other metrics. */
    public static final String CHAT = "chat";

    /**
     * Failures of the model, not of the request: another model may well answer. An unreachable router is not one:
     * every model is behind it, so another would fail the same way, only later.
     */
    private static final Set<ErrorCode> MODEL_FAILURES = EnumSet.of(ErrorCode.UPSTREAM_RATE_LIMITED,
            ErrorCode.UPSTREAM_ERROR, ErrorCode.UPSTREAM_TIMEOUT, ErrorCode.UPSTREAM_CIRCUIT_OPEN,
            ErrorCode.UPSTREAM_MALFORMED, ErrorCode.UPSTREAM_STREAM_TRUNCATED);

    /** One hop: {@code from} failed with {@code reason} (a problem code), {@code to} answers; the client's warning. */
    public record FellBack(String from, String to, String reason, String warning) {
    }

    private record Next(String model, int index) {
    }

    private final Map<String, List<String>> operationChains = new HashMap<>();
    private final Map<String, List<String>> chatChains = new HashMap<>();
    private final ModelCatalog catalog;
    private final Backends backends;
    private final MeterRegistry registry;

    ModelFallbacks(FallbackConfig config, ModelCatalog catalog, Backends backends, MeterRegistry registry) {
        this.catalog = catalog;
        this.backends = backends;
        this.registry = registry;
        operationChains.put(VisionOperation.DESCRIBE.id(), config.fallbacks().describe().orElse(List.of()));
        operationChains.put(VisionOperation.COMPARE.id(), config.fallbacks().compare().orElse(List.of()));
        operationChains.put(VisionOperation.OCR.id(), config.fallbacks().ocr().orElse(List.of()));
        for (String chain : config.chatFallbacks().orElse(List.of())) {
            List<String> models = Arrays.stream(chain.split(">")).map(String::strip).toList();
            if (models.size() < 2 || models.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("gateway.models.chat-fallbacks: '" + chain + "' is not a chain; write"
                        + " model>fallback>fallback, e.g. openai/gpt-4o>google/gemini-2.5-flash");
            }
            chatChains.put(key(models.get(0)), models.subList(1, models.size()));
        }
    }

    /** Made at startup, so that a malformed chain stops the gateway there, and the chains are in the log. */
    void announce(@Observes StartupEvent started) {
        operationChains.forEach((operation, chain) -> {
            if (!chain.isEmpty()) {
                LOG.infof("Fallback models of %s: %s", operation, String.join(", ", chain));
            }
        });
        chatChains.forEach((model, chain) -> LOG.infof("Fallback models of chat completions with %s: %s", model,
                String.join(", ", chain)));
    }

    /**
     * The answer of {@code model}, else of the first model of its chain that answers; {@code fellBack} hears of
     * each hop before the next model is called.
     */
    public <T> Uni<T> complete(String operation, String model, Object backend, Function<String, Uni<T>> call,
            Consumer<FellBack> fellBack) {
        return attempt(operation, model, chain(operation, model), 0, backend, call, fellBack);
    }

    /**
     * The same for a stream: only while it has produced nothing, since its first item goes to the client at once;
     * a failure after it ends the stream as it would without fallbacks.
     */
    public <T> Multi<T> stream(String operation, String model, Object backend, Function<String, Multi<T>> call,
            Consumer<FellBack> fellBack) {
        return attemptStream(operation, model, chain(operation, model), 0, backend, call, fellBack);
    }

    private <T> Uni<T> attempt(String operation, String model, List<String> chain, int from, Object backend,
            Function<String, Uni<T>> call, Consumer<FellBack> fellBack) {
        return Uni.createFrom().deferred(() -> call.apply(model))
                .onFailure(failure -> !chain.isEmpty() && modelFailure(failure))
                .recoverWithUni(failure -> next(operation, chain, from, backend).flatMap(next -> {
                    if (next.isEmpty()) {
                        return Uni.createFrom().failure(failure);
                    }
                    fellBack.accept(hop(operation, model, next.get().model(), (GatewayProblem) failure));
                    return attempt(operation, next.get().model(), chain, next.get().index() + 1, backend, call,
                            fellBack);
                }));
    }

    private <T> Multi<T> attemptStream(String operation, String model, List<String> chain, int from, Object backend,
            Function<String, Multi<T>> call, Consumer<FellBack> fellBack) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean started = new AtomicBoolean();
            return call.apply(model)
                    .onItem().invoke(() -> started.set(true))
                    .onFailure(failure -> !started.get() && !chain.isEmpty() && modelFailure(failure))
                    .recoverWithMulti(failure -> next(operation, chain, from, backend).onItem().transformToMulti(next -> {
                        if (next.isEmpty()) {
                            return Multi.createFrom().<T> failure(failure);
                        }
                        fellBack.accept(hop(operation, model, next.get().model(), (GatewayProblem) failure));
                        return attemptStream(operation, next.get().model(), chain, next.get().index() + 1, backend,
                                call, fellBack);
                    }));
        });
    }

    /** The models to try after {@code model}, in order: its operation's list, or its chat chain. */
    List<String> chain(String operation, String model) {
        List<String> chain = CHAT.equals(operation) ? chatChains.getOrDefault(key(model), List.of())
                : operationChains.getOrDefault(operation, List.of());
        return chain.stream().filter(candidate -> !candidate.equalsIgnoreCase(model)).toList();
    }

    static boolean modelFailure(Throwable failure) {
        return failure instanceof GatewayProblem problem && MODEL_FAILURES.contains(problem.code());
    }

    /**
     * The first model of {@code chain}, from index {@code from}, that the catalog offers for images (and for the
     * operation) and that {@code backend} runs: a model of another backend would need its images prepared anew.
     * Without a readable catalog none is checked, so none is tried.
     */
    private Uni<Optional<Next>> next(String operation, List<String> chain, int from, Object backend) {
        return catalog.current().map(snapshot -> {
            for (int i = from; i < chain.size(); i++) {
                Optional<CatalogModel> offered = snapshot.find(chain.get(i)).filter(CatalogModel::imageCapable)
                        .filter(model -> CHAT.equals(operation) || model.serves(operation));
                if (offered.isPresent() && runsOn(offered.get().id(), backend)) {
                    return Optional.of(new Next(offered.get().id(), i));
                }
            }
            return Optional.<Next> empty();
        }).onFailure().recoverWithItem(Optional.empty());
    }

    private boolean runsOn(String model, Object backend) {
        try {
            return backends.forModel(model) == backend;
        } catch (GatewayProblem unavailable) {
            return false;
        }
    }

    private FellBack hop(String operation, String from, String to, GatewayProblem problem) {
        String reason = problem.code().id();
        Counter.builder("gateway.fallbacks")
                .description("Calls answered by a fallback model because the chosen one failed before answering")
                .tag("operation", operation)
                // from: a client may name any model while the catalog is unreadable; only listed ones are tags
                .tag("from", catalog.listed(from) ? from : "unlisted")
                .tag("to", to)
                .tag("reason", reason)
                .register(registry).increment();
        LOG.infof("Model %s failed (%s) before answering; %s answers instead", PlainText.line(from, 200), reason, to);
        return new FellBack(from, to, reason, "Model " + from + " could not answer (" + reason + ": "
                + problem.getMessage() + "), so model " + to + " answered instead.");
    }

    private static String key(String model) {
        return model.toLowerCase(Locale.ROOT);
    }
}
