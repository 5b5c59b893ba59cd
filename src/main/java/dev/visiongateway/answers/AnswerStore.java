package dev.visiongateway.answers;

import io.smallrye.mutiny.Uni;

/** Where stored answers live; a failure means the store cannot be used now, and the request goes without it. */
interface AnswerStore {

    /** The answer stored under {@code key}, or null. */
    Uni<StoredAnswer> find(String key);

    Uni<Void> keep(String key, StoredAnswer answer);
}
