package dev.visiongateway.access;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;

/** Opens the {@link Charge} of the current request, for the client key it was authenticated with. */
@ApplicationScoped
public class Charges {

    private final RateLimits limits;
    private final SecurityIdentity caller;

    Charges(RateLimits limits, SecurityIdentity caller) {
        this.limits = limits;
        this.caller = caller;
    }

    /** What a request with {@code images} images spends, and a stream slot if it {@code streams}. */
    public Charge forRequest(int images, boolean streams) {
        Optional<String> key = ClientKeys.keyName(caller);
        return new Charge(key.orElse(UsageMeter.NO_KEY), key.map(name -> limits.spend(name, images, streams)));
    }
}
