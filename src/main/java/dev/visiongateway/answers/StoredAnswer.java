package dev.visiongateway.answers;

/** An answer as the cache keeps it: its JSON, and when it was stored (epoch milliseconds). */
record StoredAnswer(String json, long storedAt) {

    /** As one string for Redis: the time, a line break, the JSON. */
    String text() {
        return storedAt + "\n" + json;
    }

    static StoredAnswer ofText(String text) {
        int newline = text.indexOf('\n');
        if (newline < 0) {
            throw new IllegalArgumentException("not a stored answer");
        }
        return new StoredAnswer(text.substring(newline + 1), Long.parseLong(text.substring(0, newline)));
    }

    /** Whole seconds since it was stored, for the {@code Age} header. */
    long ageSeconds(long now) {
        return Math.max(0, (now - storedAt) / 1000);
    }
}
