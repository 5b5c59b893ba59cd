package dev.visiongateway.local;

import java.time.Duration;

/** The engine's configuration for tests that build it without Quarkus. */
record TestLocalConfig(String tesseractPath, int maxProcesses, int maxQueued, Duration timeout, String defaultLanguage,
        int pageSegmentation, boolean describeReadsText) implements LocalConfig {

    static TestLocalConfig with(String tesseractPath, Duration timeout) {
        return new TestLocalConfig(tesseractPath, 2, 8, timeout, "eng", 3, true);
    }
}
