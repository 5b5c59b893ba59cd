package dev.visiongateway.traces;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Spans around reactive work (docs/ARCHITECTURE.md rule 20), where {@code @WithSpan} does not fit: the span starts
 * when the work is subscribed, as a child of the span current then, and the work is assembled and subscribed inside
 * it, so what it runs then or later on other threads (the worker pool, the router's HTTP clients) finds it as its
 * parent through Quarkus' context propagation. With the SDK off ({@link TracesSwitch}) the work runs as it is, with
 * no span: Quarkus' tracer would still build (and drop) real spans then.
 */
@ApplicationScoped
public class Spans {

    /** The event of a span around an upstream call when the first item (a response, a stream event) arrives. */
    public static final String FIRST_BYTE = "first_byte";

    private final Tracer tracer;
    private final boolean on;

    Spans(Tracer tracer, @ConfigProperty(name = TracesSwitch.SDK_DISABLED, defaultValue = "false") boolean sdkDisabled) {
        this.tracer = tracer;
        this.on = !sdkDisabled;
    }

    /** {@code work} inside a span named {@code name}, ended when its item or failure arrives or it is cancelled. */
    public <T> Uni<T> uni(String name, Attributes attributes, Supplier<Uni<T>> work) {
        return uni(name, attributes, false, work);
    }

    /**
     * {@link #uni} for an upstream call answered in one piece: its item is the whole answer, so its
     * {@link #FIRST_BYTE} event marks the answer's arrival, just before the span ends.
     */
    public <T> Uni<T> call(String name, Attributes attributes, Supplier<Uni<T>> work) {
        return uni(name, attributes, true, work);
    }

    private <T> Uni<T> uni(String name, Attributes attributes, boolean firstByte, Supplier<Uni<T>> work) {
        if (!on) {
            return Uni.createFrom().deferred(work::get);
        }
        return Uni.createFrom().deferred(() -> {
            Span span = start(name, attributes);
            Context inSpan = Context.current().with(span);
            Uni<T> inner;
            try (Scope ignored = inSpan.makeCurrent()) {
                inner = work.get();
            } catch (RuntimeException e) {
                end(span, e);
                throw e;
            }
            // subscribed in the span too: work that starts then (a call that the HTTP client traces) is its child
            return inner.runSubscriptionOn(inSpan.wrap(Runnable::run)).onItemOrFailure().invoke((item, failure) -> {
                if (firstByte && failure == null) {
                    span.addEvent(FIRST_BYTE);
                }
                end(span, failure);
            })
                    .onCancellation().invoke(span::end);
        });
    }

    /**
     * {@code work} inside a span named {@code name}, from subscription to the last item (or failure, or cancel),
     * with a {@link #FIRST_BYTE} event when the first item arrives: the time to the first byte and to the end, in
     * one span.
     */
    public <T> Multi<T> multi(String name, Attributes attributes, Supplier<Multi<T>> work) {
        if (!on) {
            return Multi.createFrom().deferred(work::get);
        }
        return Multi.createFrom().deferred(() -> {
            Span span = start(name, attributes);
            Context inSpan = Context.current().with(span);
            AtomicBoolean first = new AtomicBoolean(true);
            Multi<T> inner;
            try (Scope ignored = inSpan.makeCurrent()) {
                inner = work.get();
            } catch (RuntimeException e) {
                end(span, e);
                throw e;
            }
            return inner.runSubscriptionOn(inSpan.wrap(Runnable::run)).onItem().invoke(() -> {
                if (first.compareAndSet(true, false)) {
                    span.addEvent(FIRST_BYTE);
                }
            }).onTermination().invoke((failure, cancelled) -> end(span, failure));
        });
    }

    private Span start(String name, Attributes attributes) {
        return tracer.spanBuilder(name).setAllAttributes(attributes).startSpan();
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            span.recordException(failure);
        }
        span.end();
    }
}
