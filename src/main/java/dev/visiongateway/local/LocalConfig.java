package dev.visiongateway.local;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The offline engine behind the {@code local/*} models. */
@ConfigMapping(prefix = "gateway.local")
public interface LocalConfig {

    /** The Tesseract command: a name looked up on the PATH, or an absolute path. */
    @WithDefault("tesseract")
    String tesseractPath();

    /** Tesseract processes run at once; each uses one core ({@code OMP_THREAD_LIMIT=1}). */
    @WithDefault("2")
    int maxProcesses();

    /** OCR jobs that may wait for a free process; past that, requests get 503 with {@code Retry-After}. */
    @WithDefault("32")
    int maxQueued();

    /** Longest the OCR of one image may take, both readings of small text ({@code TextSize}), before Tesseract is killed. */
    @WithDefault("60s")
    Duration timeout();

    /** Tesseract language used when the request gives no hint, or one whose traineddata is not installed. */
    @WithDefault("eng")
    String defaultLanguage();

    /**
     * Tesseract page segmentation mode ({@code --psm}). 6, one block of text, reads every row whole; the engine
     * then puts the rows in reading order from their boxes, keeping apart only columns of prose. 3, Tesseract's
     * automatic layout, takes the aligned columns of receipts, tables and forms for blocks and reads them apart.
     */
    @WithDefault("6")
    int pageSegmentation();

    /** Whether describe also runs OCR to report the text it finds (one or two Tesseract runs per image). */
    @WithDefault("true")
    boolean describeReadsText();
}
