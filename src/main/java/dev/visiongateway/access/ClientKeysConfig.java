package dev.visiongateway.access;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may call the API. Keys are configured as the SHA-256 of the key, never the key itself, each with a name that
 * logs and metrics may show: {@code name:hex}. Make one with {@code printf %s "$KEY" | sha256sum}.
 */
@ConfigMapping(prefix = "gateway.auth")
public interface ClientKeysConfig {

    enum Mode {
        /** Anyone who reaches the gateway may call it: for {@code quarkus:dev}, the quick start, a private network. */
        NONE,
        /** Every {@code /v1} call needs a key: {@code Authorization: Bearer <key>} or {@code x-api-key: <key>}. */
        KEYS
    }

    @WithDefault("none")
    Mode mode();

    /** Keys as {@code name:sha256-hex}, comma-separated ({@code GATEWAY_AUTH_KEYS}). */
    Optional<List<String>> keys();

    /**
     * A file of keys, one {@code name:sha256-hex} per line ({@code #} starts a comment): a mounted Secret, re-read
     * when it changes, so keys are added and revoked without a restart.
     */
    Optional<Path> keysFile();

    /** How often the keys file is checked for changes. */
    @WithDefault("10s")
    Duration keysFileCheckInterval();
}
