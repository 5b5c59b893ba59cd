package dev.visiongateway.problem;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/** The one place that tells what kind of failure an exception from the HTTP stacks is, by its type. */
public final class Failures {

    private Failures() {
    }

    /**
     * Whether {@code failure} or one of its causes is a timeout. Vert.x and Mutiny timeouts extend the JDK's
     * {@link TimeoutException}; blocking sockets throw {@link SocketTimeoutException}; Netty has its own idle and
     * connect timeouts.
     */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException
                    || cause instanceof HttpTimeoutException
                    || cause instanceof io.netty.handler.timeout.TimeoutException
                    || cause instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
