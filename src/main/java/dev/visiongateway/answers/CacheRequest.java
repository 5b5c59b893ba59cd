package dev.visiongateway.answers;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a request's {@code Cache-Control} asks of the answer cache: {@code no-cache}, ask the model again (and store
 * its answer); {@code no-store}, neither read nor store.
 */
public record CacheRequest(boolean noCache, boolean noStore) {

    public static CacheRequest of(String cacheControl) {
        if (cacheControl == null || cacheControl.isBlank()) {
            return new CacheRequest(false, false);
        }
        var directives = Arrays.stream(cacheControl.toLowerCase(Locale.ROOT).split(","))
                .map(directive -> directive.strip().split("=", 2)[0]).toList();
        return new CacheRequest(directives.contains("no-cache"), directives.contains("no-store"));
    }
}
