package dev.visiongateway.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * One SmallRye Fault Tolerance circuit breaker per model for the router's chat endpoint (docs/ARCHITECTURE.md rule
 * 19), made when a model is first called and kept in a bounded map: a model whose calls keep failing is refused
 * for {@code gateway.breaker.delay} while the other models are still called, so a fallback model can answer.
 */
@ApplicationScoped
public class ModelBreakers {

    private static final Duration OPEN_RETRY_AFTER = Duration.ofSeconds(10);
    /** One type token for every call: a new one per call read its type by reflection each time. */
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    /** A model's guard and the state its breaker last reported, which streams respect without going through it. */
    /** {@code openedAt}: System.nanoTime() of the last change to OPEN. */
    private record Breaker(Guard guard, AtomicReference<CircuitBreakerState> state, AtomicLong openedAt) {
    }

    private final BreakerConfig config;
    private final Map<String, Breaker> breakers;

    ModelBreakers(BreakerConfig config) {
        this.config = config;
        this.breakers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Breaker> eldest) {
                return size() > config.maxModels();
            }
        };
    }

    /**
     * The call through {@code model}'s breaker: failures counted are router outages ({@link RouterOutage}); a 429 or
     * a refused request says nothing about the model's health. An open breaker fails at once, without calling.
     */
    <T> Uni<T> guarded(String model, Supplier<Uni<T>> call) {
        if (!config.enabled()) {
            return Uni.createFrom().deferred(call::get);
        }
        Breaker breaker = breakerOf(model);
        return Uni.createFrom().deferred(() -> breaker.guard().get(call, uniOf()))
                .onFailure(CircuitBreakerOpenException.class).transform(open -> openProblem(model));
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static <T> TypeLiteral<Uni<T>> uniOf() {
        // the guard only looks at the raw type, Uni, to treat the call as asynchronous
        return (TypeLiteral) UNI;
    }

    /** Whether {@code model}'s breaker is open now: streams are not counted, but are refused while it is. */
    boolean open(String model) {
        if (!config.enabled()) {
            return false;
        }
        Breaker breaker;
        synchronized (breakers) {
            breaker = breakers.get(key(model));
        }
        // the breaker leaves OPEN only when a call goes through it after the delay, and streams never do: past
        // the delay, a stream may try (and, failing, the next non-streamed call opens it again)
        return breaker != null && breaker.state().get() == CircuitBreakerState.OPEN
                && System.nanoTime() - breaker.openedAt().get() < config.delay().toNanos();
    }

    static GatewayProblem openProblem(String model) {
        return new GatewayProblem(ErrorCode.UPSTREAM_CIRCUIT_OPEN, "Model '" + model + "' failed repeatedly at the"
                + " router, so calls to it are paused for a few seconds; try again shortly or name another model.",
                null, OPEN_RETRY_AFTER);
    }

    private Breaker breakerOf(String model) {
        synchronized (breakers) {
            return breakers.computeIfAbsent(key(model), this::newBreaker);
        }
    }

    private Breaker newBreaker(String model) {
        AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
        AtomicLong openedAt = new AtomicLong();
        Guard guard = Guard.create()
                .withDescription("router chat calls of model " + model)
                .withCircuitBreaker()
                .requestVolumeThreshold(config.requestVolumeThreshold())
                .failureRatio(config.failureRatio())
                .delay(config.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(config.successThreshold())
                .failOn(RouterOutage.class)
                .onStateChange(changed -> {
                    if (changed == CircuitBreakerState.OPEN) {
                        openedAt.set(System.nanoTime());
                    }
                    state.set(changed);
                })
                .done()
                .build();
        return new Breaker(guard, state, openedAt);
    }

    /** Model ids are case-insensitive in the catalog, so one model has one breaker however it is spelled. */
    private static String key(String model) {
        return model.toLowerCase(Locale.ROOT);
    }
}
