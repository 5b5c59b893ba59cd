package dev.visiongateway.image;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How images are prepared for OCR by a router model. */
@ConfigMapping(prefix = "gateway.ocr")
public interface OcrConfig {

    /**
     * Most tiles one image is cut into ({@link OcrTiles}), and the images of one request together; a page, or a
     * request, that needs more is {@code 413 too_many_tiles}. Twelve tiles of 2048 px read a receipt some 22,000 px
     * long at full size.
     */
    @WithDefault("12")
    int maxTiles();
}
