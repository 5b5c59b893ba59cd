package dev.visiongateway.answers;

import io.smallrye.mutiny.Uni;

/** Where stored answers live; a failure means the store cannot be used now, and the request goes without it. */
interface AnswerStore {

    /** The text stored under {@code key} ({@link StoredAnswer#text()}), or null. */
    Uni<String> find(String key);

    Uni<Void> keep(String key, String text);
}
