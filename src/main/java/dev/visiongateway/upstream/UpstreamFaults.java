package dev.visiongateway.upstream;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.Failures;
import dev.visiongateway.problem.GatewayProblem;

/** Maps what can go wrong with a router call to the problem the client gets (docs/ARCHITECTURE.md rule 11). */
public final class UpstreamFaults {

    static final Duration UNREACHABLE_RETRY_AFTER = Duration.ofSeconds(5);

    private UpstreamFaults() {
    }

    public static GatewayProblem toProblem(Throwable failure) {
        if (failure instanceof GatewayProblem problem) {
            return problem;
        }
        if (failure instanceof RouterFault fault) {
            return fromStatus(fault);
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new GatewayProblem(ErrorCode.UPSTREAM_CIRCUIT_OPEN, "The router failed repeatedly, so calls to it are"
                    + " paused for a few seconds; try again shortly.", null, Duration.ofSeconds(10));
        }
        // first: a connect timeout is a ConnectException, and means unreachable, not slow
        if (isUnreachable(failure)) {
            return new RouterOutage(ErrorCode.UPSTREAM_UNREACHABLE, "The router cannot be reached right now.",
                    UNREACHABLE_RETRY_AFTER);
        }
        if (Failures.isTimeout(failure)) {
            return new RouterOutage(ErrorCode.UPSTREAM_TIMEOUT, "The router did not answer in time.", null);
        }
        return new RouterOutage(ErrorCode.UPSTREAM_ERROR, "The router call failed: " + failure.getClass().getSimpleName()
                + ".", null);
    }

    /** The router's status and code, never its message, which went to the log (RouterFault). */
    private static GatewayProblem fromStatus(RouterFault fault) {
        int status = fault.status();
        String said = " " + RouterFault.summary(status, fault.code()) + ".";
        if (status == 429) {
            return new GatewayProblem(ErrorCode.UPSTREAM_RATE_LIMITED, "The router is rate-limiting requests" + said,
                    null, fault.retryAfter());
        }
        if (UnknownRouterFile.isUnknownFile(status, fault.code())) {
            return new UnknownRouterFile("The router does not know a file id of the request, or it expired" + said);
        }
        if (status == 400 || status == 422) {
            return new GatewayProblem(ErrorCode.UPSTREAM_REJECTED, "The router refused the request" + said, null, null);
        }
        if (status == 413) {
            return new GatewayProblem(ErrorCode.REQUEST_TOO_LARGE, "The request is too large for the router" + said,
                    null, null);
        }
        if (status == 401 || status == 403) {
            return new GatewayProblem(ErrorCode.UPSTREAM_AUTH_FAILED, "The router refused the gateway's credentials;"
                    + " the operator must check GATEWAY_ROUTER_API_KEY.", null, null);
        }
        if (status == 408 || status == 504) {
            return new RouterOutage(ErrorCode.UPSTREAM_TIMEOUT, "The router timed out" + said, fault.retryAfter());
        }
        return new RouterOutage(ErrorCode.UPSTREAM_ERROR, "The router failed" + said, fault.retryAfter());
    }

    /** The request never left the gateway: no connection could be made (refused, timed out, no route, no host). */
    static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }
}
