package dev.visiongateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Issue 30: a client's hang-up mid-stream is counted and logged at DEBUG; every real failure keeps its level. */
class ClientHangUpsTest {

    private static final String WRITER = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClientHangUps filter = new ClientHangUps();

    @BeforeEach
    void countInAFreshRegistry() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void removeIt() {
        Metrics.removeRegistry(registry);
    }

    private static LogRecord error(String logger, Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "Exception in SSE server handling, impossible to send it to client");
        record.setLoggerName(logger);
        record.setThrown(thrown);
        return record;
    }

    @Test
    void aWriteToAClosedConnectionIsTakenOutAndCounted() {
        assertThat(filter.isLoggable(error(WRITER, new ClosedChannelException()))).isFalse();
        // Netty's native transport: the kernel's words, wrapped
        assertThat(filter.isLoggable(error(WRITER, new UncheckedIOException(
                new IOException("recvAddress(..) failed: Connection reset by peer"))))).isFalse();
        assertThat(filter.isLoggable(error(WRITER, new IOException("writev(..) failed: Broken pipe")))).isFalse();

        assertThat(registry.counter(ClientHangUps.METRIC).count()).isEqualTo(3);
    }

    @Test
    void aRealFailureOfTheSameWriterKeepsItsLevel() {
        assertThat(filter.isLoggable(error(WRITER, new IllegalStateException("serializer failed")))).isTrue();
        assertThat(filter.isLoggable(error(WRITER, null))).isTrue();
        assertThat(registry.counter(ClientHangUps.METRIC).count()).isZero();
    }

    @Test
    void aClosedConnectionElsewhereIsNotAClientHangUp() {
        // the router's connection reset is an upstream fault, logged as it is
        assertThat(filter.isLoggable(error("io.vertx.core.net.impl.ConnectionBase", new ClosedChannelException())))
                .isTrue();
    }

    @Test
    void quieterRecordsPassUntouched() {
        LogRecord debug = error(WRITER, new ClosedChannelException());
        debug.setLevel(Level.FINE);
        assertThat(filter.isLoggable(debug)).isTrue();
        assertThat(registry.counter(ClientHangUps.METRIC).count()).isZero();
    }
}
