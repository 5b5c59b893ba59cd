package dev.visiongateway.image;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How remote image URLs are treated. */
@ConfigMapping(prefix = "gateway.fetch")
public interface FetchConfig {

    /** Also accept plain {@code http:} URLs; off by default, since they travel unencrypted. */
    @WithDefault("false")
    boolean allowHttp();
}
