package dev.visiongateway.vision;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on the images of one request and on the messages built from them. */
@ConfigMapping(prefix = "gateway.images")
public interface ImageLimits {

    /** Most images one request may carry; past 15, they are spread over consecutive user messages. */
    @WithDefault("30")
    int maxImages();

    /** Content parts the router accepts in one message; text, image and file parts all count. */
    @WithDefault("16")
    int maxPartsPerMessage();
}
