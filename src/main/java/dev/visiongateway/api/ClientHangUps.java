package dev.visiongateway.api;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Metrics;
import io.quarkus.logging.LoggingFilter;

/**
 * A client that hangs up in the middle of a streamed answer is a normal event for a streaming API, but RESTEasy
 * Reactive logs the failed write that follows at ERROR ({@code Exception in SSE server handling, impossible to send
 * it to client}), and a burst of hang-ups floods the error log (issue 30). This filter of the log handlers
 * ({@code quarkus.log.console.filter}) takes those records out: each becomes a DEBUG line of this class and a count
 * in {@code gateway.stream.client.hangups}. The router call is cancelled by the hang-up all the same
 * (docs/ARCHITECTURE.md rule 10). Every other record, and a failed write for any other reason, keeps its level.
 */
@LoggingFilter(name = ClientHangUps.NAME)
public final class ClientHangUps implements Filter {

    static final String NAME = "client-hang-ups";
    static final String METRIC = "gateway.stream.client.hangups";
    /** The writers of streamed answers, whose failed writes are the client's hang-ups. */
    static final Set<String> STREAM_WRITERS = Set.of(
            "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler");
    private static final Logger LOG = Logger.getLogger(ClientHangUps.class);

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() < Level.WARNING.intValue() || !STREAM_WRITERS.contains(record.getLoggerName())
                || !isHangUp(record.getThrown())) {
            return true;
        }
        Metrics.counter(METRIC).increment();
        LOG.debugf("A client hung up during a streamed answer: %s", record.getThrown().toString());
        return false;
    }

    /** The connection was closed by the peer: a closed channel, or the kernel's reset and broken-pipe errors. */
    static boolean isHangUp(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException) {
                return true;
            }
            String message = cause.getMessage();
            if (cause instanceof IOException && message != null
                    && (message.contains("Connection reset by peer") || message.contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }
}
