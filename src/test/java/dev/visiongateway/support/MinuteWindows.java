package dev.visiongateway.support;

/**
 * Per-key limits count in windows that start at each full minute (docs/ARCHITECTURE.md rule 16): a test that spends
 * a budget near the end of one would see it reset halfway, so it waits for the next.
 */
public final class MinuteWindows {

    private MinuteWindows() {
    }

    /** Returns at least 10 s before the current minute ends, waiting into the next one if needed. */
    public static void awayFromTheBoundary() throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 50_000) {
            Thread.sleep(60_000 - intoMinute + 100);
        }
    }
}
