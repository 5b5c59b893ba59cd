package dev.visiongateway.upstream;

import java.time.Duration;

import dev.visiongateway.api.GatewayProblem;

/** The router failed on its side (5xx, timeout, unreachable): what the circuit breaker counts. */
public class RouterOutage extends GatewayProblem {

    RouterOutage(int status, String code, String detail, Duration retryAfter) {
        super(status, code, detail, null, retryAfter);
    }
}
