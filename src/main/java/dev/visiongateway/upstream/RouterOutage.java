package dev.visiongateway.upstream;

import java.time.Duration;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/** The router failed on its side (5xx, timeout, unreachable): what the circuit breaker counts. */
public class RouterOutage extends GatewayProblem {

    RouterOutage(ErrorCode code, String detail, Duration retryAfter) {
        super(code, detail, null, retryAfter);
    }
}
