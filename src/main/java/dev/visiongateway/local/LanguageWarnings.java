package dev.visiongateway.local;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.visiongateway.problem.PlainText;

/**
 * Says once per language hint that its traineddata is not installed. Hints are client text: each is quoted as one
 * printable line of at most {@value #MAX_SHOWN} characters, and only the first {@value #MAX_REMEMBERED} distinct
 * hints are remembered (and logged), so a client inventing names can neither forge log lines nor grow the memory.
 */
final class LanguageWarnings {

    static final int MAX_REMEMBERED = 100;
    private static final int MAX_SHOWN = 32;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** The warning to log for {@code unavailable}, or empty when it was given before or the memory is full. */
    Optional<String> firstTime(String unavailable, String readWith) {
        String shown = PlainText.line(unavailable, MAX_SHOWN);
        // checked then added: racing threads may pass the bound by a few, never without bound
        if (warned.size() >= MAX_REMEMBERED || !warned.add(shown)) {
            return Optional.empty();
        }
        return Optional.of("OCR language '" + shown + "' is not installed; reading with " + readWith
                + " (install tesseract-ocr-<code>)");
    }

    int remembered() {
        return warned.size();
    }
}
