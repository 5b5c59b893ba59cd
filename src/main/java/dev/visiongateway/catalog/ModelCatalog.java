package dev.visiongateway.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.jboss.logging.Logger;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.PlainText;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * The image-capable models (docs/ARCHITECTURE.md rule 8): the router's catalog, cached, with the last good copy served
 * when the router fails; and the check that a requested model exists and takes images.
 */
@ApplicationScoped
public class ModelCatalog {

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(12);
    /**
     * How long a failed reload keeps the router from being asked again, and the longest a request waits for a reload
     * past the time to live before it gets the copy it has.
     */
    private static final Duration AFTER_A_FAILURE = Duration.ofSeconds(5);

    /** The models, and whether they are a stale copy kept from before a router failure. */
    public record Snapshot(List<CatalogModel> models, boolean stale) {

        public Optional<CatalogModel> find(String id) {
            return models.stream().filter(model -> model.id().equalsIgnoreCase(id)).findFirst();
        }

        /** The same snapshot with {@code builtIn} after the remote models: they are always there. */
        Snapshot with(List<CatalogModel> builtIn) {
            List<CatalogModel> all = new ArrayList<>(models);
            all.addAll(builtIn);
            return new Snapshot(List.copyOf(all), stale);
        }

        Snapshot markedStale() {
            return new Snapshot(models, true);
        }
    }

    private final CatalogLoader loader;
    private final RemoteCatalog remote;
    private final CatalogConfig config;
    private final ModelDefaults defaults;
    private final Snapshot withoutRouter;
    /**
     * The one copy of the router's catalog is the entry of this cache: it is replaced when a reload succeeds and
     * never evicted by age, so that it is still there to serve, marked stale, while the router fails.
     */
    private final CaffeineCache cache;
    private final AtomicReference<Uni<CatalogLoader.Loaded>> reloading = new AtomicReference<>();
    /** When a reload last failed (System.nanoTime): the router is not asked again for {@link #AFTER_A_FAILURE}. */
    private volatile long lastFailure = System.nanoTime() - AFTER_A_FAILURE.toNanos();
    private final AtomicReference<Map<String, String>> announcedDefaults = new AtomicReference<>(Map.of());

    ModelCatalog(CatalogLoader loader, RemoteCatalog remote, CatalogConfig config, ModelDefaults defaults,
            @CacheName(CatalogLoader.CACHE) Cache cache) {
        this.loader = loader;
        this.remote = remote;
        this.config = config;
        this.defaults = defaults;
        this.withoutRouter = new Snapshot(loader.builtIn(), false);
        this.cache = cache.as(CaffeineCache.class);
    }

    /**
     * Without a router the catalog is the built-in models, known at once: its defaults are logged at startup.
     * With one, they are logged when the catalog is first loaded (the readiness probe does it within seconds).
     */
    void announce(@Observes StartupEvent started) {
        if (!remote.configured()) {
            announceDefaults(withoutRouter);
        }
    }

    /**
     * The router's models (none without a router), then the built-in ones. Younger than
     * {@code gateway.catalog.refresh-after}: the cached copy. Older: the cached copy, while a reload runs in the
     * background. Older than {@code gateway.catalog.ttl}: the reload's, or the cached copy marked stale when the
     * router fails or takes longer than 5 s; after a failure the router is asked again 5 s later at the earliest.
     */
    public Uni<Snapshot> current() {
        if (!remote.configured()) {
            return Uni.createFrom().item(withoutRouter);
        }
        CatalogLoader.Loaded held = held();
        if (held == null) {
            return loader.routerModels(CatalogLoader.MODALITY).invoke(this::announceDefaults)
                    .map(CatalogLoader.Loaded::snapshot);
        }
        Duration age = Duration.between(held.at(), Instant.now());
        boolean failedLately = System.nanoTime() - lastFailure < AFTER_A_FAILURE.toNanos();
        if (age.compareTo(config.ttl()) < 0) {
            if (age.compareTo(config.refreshAfter()) >= 0 && !failedLately) {
                reload().subscribe().with(loaded -> {
                }, failure -> {
                });
            }
            return Uni.createFrom().item(held.snapshot());
        }
        if (failedLately) {
            return Uni.createFrom().item(held.snapshot().markedStale());
        }
        // a router that hangs keeps a request waiting no longer than this; the reload goes on meanwhile
        return reload().map(CatalogLoader.Loaded::snapshot)
                .ifNoItem().after(AFTER_A_FAILURE).recoverWithItem(() -> held.snapshot().markedStale())
                .onFailure().recoverWithItem(failure -> held.snapshot().markedStale());
    }

    /** The cached copy, read in place: through {@code @CacheResult} every request waited one more event-loop turn. */
    private CatalogLoader.Loaded held() {
        CompletableFuture<CatalogLoader.Loaded> entry = cache.getIfPresent(CatalogLoader.MODALITY);
        return entry != null && entry.isDone() && !entry.isCompletedExceptionally() ? entry.join() : null;
    }

    /**
     * One reload at a time, shared by every request that waits for it. The old copy stays in the cache until the new
     * one is in, so no request goes without a catalog meanwhile.
     */
    private Uni<CatalogLoader.Loaded> reload() {
        return reloading.updateAndGet(running -> running != null ? running
                : loader.load()
                        .onFailure().invoke(failure -> {
                            lastFailure = System.nanoTime();
                            LOG.warnf("Model catalog reload failed (%s); the last good copy is served, and the router"
                                    + " asked again in %d s", PlainText.line(failure.getMessage(), 300),
                                    AFTER_A_FAILURE.toSeconds());
                        })
                        .invoke(loaded -> {
                            cache.put(CatalogLoader.MODALITY, CompletableFuture.completedFuture(loaded));
                            announceDefaults(loaded);
                        })
                        .onTermination().invoke(() -> reloading.set(null))
                        .memoize().indefinitely());
    }

    /**
     * The model of {@code operation} when a request names none: the first of
     * {@code gateway.models.<operation>} that the catalog offers for images and that operation; else the catalog's
     * first such model (the router's before the built-in ones); without a readable catalog, the first preference,
     * for the router to judge. So a default missing from the router's catalog never fails a request.
     */
    public Uni<String> defaultFor(String operation) {
        return current().map(snapshot -> chooseDefault(snapshot, operation))
                .onFailure().recoverWithItem(defaults.preferences(operation).get(0));
    }

    /** The operations each model is the default of, by model id. */
    public Map<String, List<String>> defaultsByModel(Snapshot snapshot) {
        Map<String, List<String>> byModel = new LinkedHashMap<>();
        for (String operation : CatalogParser.OPERATIONS) {
            byModel.computeIfAbsent(chooseDefault(snapshot, operation), id -> new ArrayList<>()).add(operation);
        }
        return byModel;
    }

    private String chooseDefault(Snapshot snapshot, String operation) {
        List<String> preferences = defaults.preferences(operation);
        for (String preferred : preferences) {
            Optional<CatalogModel> offered = snapshot.find(preferred)
                    .filter(model -> model.imageCapable() && model.serves(operation));
            if (offered.isPresent()) {
                return offered.get().id();
            }
        }
        return snapshot.models().stream().filter(model -> model.imageCapable() && model.serves(operation))
                .map(CatalogModel::id).findFirst().orElse(preferences.get(0));
    }

    private void announceDefaults(CatalogLoader.Loaded loaded) {
        announceDefaults(loaded.snapshot());
    }

    /** Logs which model each operation uses when a request names none, whenever that changes. */
    private void announceDefaults(Snapshot snapshot) {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String operation : CatalogParser.OPERATIONS) {
            chosen.put(operation, chooseDefault(snapshot, operation));
        }
        Map<String, String> before = announcedDefaults.getAndSet(Map.copyOf(chosen));
        if (!before.equals(Map.copyOf(chosen))) {
            LOG.infof("Default models: %s", String.join(", ", chosen.entrySet().stream()
                    .map(entry -> entry.getKey() + " -> " + entry.getValue()).toList()));
        }
    }

    /**
     * Checks that {@code model} is in the catalog and takes images. Emits the warnings to add to the answer: one
     * when the catalog cannot be read at all, so that the router is left to judge the model.
     */
    public Uni<List<String>> verify(String model, String field) {
        if (builtIn(model)) {
            // known without asking the router, so a built-in model runs even while the router is down
            return Uni.createFrom().item(List.of());
        }
        return current().map(snapshot -> {
            CatalogModel found = snapshot.find(model).orElseThrow(() -> GatewayProblem.of(ErrorCode.UNKNOWN_MODEL,
                    field, "Model '" + model + "' is not in the catalog." + suggestions(model, snapshot)));
            if (!found.imageCapable()) {
                throw GatewayProblem.of(ErrorCode.MODEL_NOT_VISION, field, "Model '" + model
                        + "' does not take images." + suggestions(model, snapshot));
            }
            return List.<String> of();
        }).onFailure(failure -> !(failure instanceof GatewayProblem problem && problem.status() == 400))
                .recoverWithItem(failure -> List.of("The model catalog could not be loaded, so model '" + model
                        + "' was not checked."));
    }

    /**
     * Whether {@code model} is a local model or in the last catalog the router gave, without asking it: for labels
     * that must come from a bounded set (metric tags), never from what a client typed.
     */
    public boolean listed(String model) {
        if (builtIn(model)) {
            return true;
        }
        CatalogLoader.Loaded held = held();
        return held != null && held.snapshot().find(model).isPresent();
    }

    private boolean builtIn(String model) {
        return withoutRouter.find(model).isPresent();
    }

    private static String suggestions(String model, Snapshot snapshot) {
        String wanted = model.toLowerCase(Locale.ROOT);
        List<String> close = snapshot.models().stream().filter(CatalogModel::imageCapable)
                .map(CatalogModel::id)
                .filter(id -> closeTo(wanted, id.toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparingInt(id -> distance(wanted, id.toLowerCase(Locale.ROOT))))
                .limit(3).toList();
        return close.isEmpty() ? " See GET /v1/models for the image-capable models."
                : " Did you mean: " + String.join(", ", close) + "?";
    }

    private static boolean closeTo(String wanted, String id) {
        String bareWanted = wanted.substring(wanted.indexOf('/') + 1);
        String bareId = id.substring(id.indexOf('/') + 1);
        return bareId.contains(bareWanted) || bareWanted.contains(bareId)
                || distance(wanted, id) <= Math.max(3, wanted.length() / 4)
                || distance(bareWanted, bareId) <= Math.max(2, bareWanted.length() / 4);
    }

    private static int distance(String a, String b) {
        int d = DISTANCE.apply(a, b);
        return d < 0 ? Integer.MAX_VALUE : d;
    }
}
