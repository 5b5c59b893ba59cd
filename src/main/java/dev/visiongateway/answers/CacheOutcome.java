package dev.visiongateway.answers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the answer cache did for one response, as RFC 9211 says it in {@code Cache-Status}, with {@code Age} on a
 * hit. {@link #NONE} when the cache is off: then no header.
 */
public record CacheOutcome(String status, Long ageSeconds) {

    private static final String CACHE = "vision-gateway";

    public static final CacheOutcome NONE = new CacheOutcome(null, null);

    static CacheOutcome hit(long ageSeconds) {
        return new CacheOutcome(CACHE + "; hit", ageSeconds);
    }

    /** Asked the model because nothing was stored; {@code stored}: its answer is now. */
    static CacheOutcome miss(boolean stored) {
        return new CacheOutcome(CACHE + "; fwd=miss" + (stored ? "; stored" : ""), null);
    }

    /** Asked the model because the request said {@code Cache-Control: no-cache}. */
    static CacheOutcome refreshed(boolean stored) {
        return new CacheOutcome(CACHE + "; fwd=request" + (stored ? "; stored" : ""), null);
    }

    /** Neither read nor stored: {@code Cache-Control: no-store}. */
    static CacheOutcome bypassed() {
        return new CacheOutcome(CACHE + "; fwd=bypass", null);
    }

    public boolean hit() {
        return ageSeconds != null;
    }

    /** {@code headers} with {@code Cache-Status} and {@code Age} added, where there is something to say. */
    public Map<String, List<String>> addedTo(Map<String, List<String>> headers) {
        if (status == null) {
            return headers;
        }
        Map<String, List<String>> all = new HashMap<>(headers);
        all.put("Cache-Status", List.of(status));
        if (ageSeconds != null) {
            all.put("Age", List.of(String.valueOf(ageSeconds)));
        }
        return all;
    }
}
