package dev.visiongateway.playground;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The playground page at {@code /}. */
@ConfigMapping(prefix = "gateway.playground")
public interface PlaygroundConfig {

    /**
     * Whether {@code /} serves the playground. Off, its files answer 404; the browser client
     * {@code /js/vision-gateway.js} is served either way, since front-end apps load it from the gateway.
     */
    @WithDefault("true")
    boolean enabled();
}
