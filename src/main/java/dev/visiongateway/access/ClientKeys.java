package dev.visiongateway.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The client API keys the gateway accepts, by the SHA-256 of each key and its name. A presented key is hashed and
 * compared with every configured hash in constant time, so neither the comparison nor the position of the match
 * tells an attacker anything. Keys are never logged; their names are.
 */
@ApplicationScoped
public class ClientKeys {

    private static final Logger LOG = Logger.getLogger(ClientKeys.class);

    /** A key as configured: its name and the SHA-256 of the key. */
    record NamedHash(String name, byte[] sha256) {
    }

    private final ClientKeysConfig config;
    private final List<NamedHash> fromConfig;
    /** The configured keys and the file's, merged once per reload rather than per request. */
    private volatile List<NamedHash> all;
    private volatile FileTime fileVersion;

    ClientKeys(ClientKeysConfig config) {
        this.config = config;
        this.fromConfig = parse(config.keys().orElse(List.of()), "gateway.auth.keys");
        this.all = fromConfig;
    }

    void start(@Observes StartupEvent started) {
        if (config.mode() != ClientKeysConfig.Mode.KEYS) {
            return;
        }
        if (config.keys().isEmpty() && config.keysFile().isEmpty()) {
            throw new IllegalStateException("gateway.auth.mode=keys needs keys: set GATEWAY_AUTH_KEYS (name:sha256,"
                    + " ...) or GATEWAY_AUTH_KEYS_FILE (a file of name:sha256 lines)");
        }
        config.keysFile().ifPresent(file -> {
            reload(file);
            if (fileVersion == null) {
                // a gateway that starts with a file it cannot read would refuse every client while reporting ready
                throw new IllegalStateException("gateway.auth.keys-file " + file + " cannot be read as name:sha256"
                        + " lines; see the log line above");
            }
        });
        LOG.infof("Client API keys required: %d configured (%s)", all.size(),
                String.join(", ", all.stream().map(NamedHash::name).toList()));
    }

    /**
     * Re-reads the keys file when it has changed: a Secret volume changes it by swapping a symlink, which its mtime
     * shows. File I/O, so on a worker thread, as the scheduler runs it.
     */
    @Scheduled(every = "${gateway.auth.keys-file-check-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void recheckFile() {
        if (required()) {
            config.keysFile().ifPresent(this::reload);
        }
    }

    public boolean required() {
        return config.mode() == ClientKeysConfig.Mode.KEYS;
    }

    /** The name of the key {@code caller} was authenticated with; empty for an anonymous caller. */
    static Optional<String> keyName(SecurityIdentity caller) {
        return caller == null || caller.isAnonymous() ? Optional.empty() : Optional.of(caller.getPrincipal().getName());
    }

    /** The name of {@code presented}, if it is one of the keys. */
    public Optional<String> nameOf(String presented) {
        byte[] hash = sha256(presented.getBytes(StandardCharsets.UTF_8));
        String found = null;
        for (NamedHash key : all) {
            // every key is compared, matched or not
            if (MessageDigest.isEqual(hash, key.sha256()) && found == null) {
                found = key.name();
            }
        }
        return Optional.ofNullable(found);
    }

    private void reload(Path file) {
        try {
            FileTime version = Files.getLastModifiedTime(file);
            if (version.equals(fileVersion)) {
                return;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            List<NamedHash> fromFile = parse(lines, file.toString());
            List<NamedHash> merged = new ArrayList<>(fromConfig);
            merged.addAll(fromFile);
            all = List.copyOf(merged);
            boolean first = fileVersion == null;
            fileVersion = version;
            if (!first) {
                LOG.infof("Client API keys reloaded from %s: %d keys", file, fromFile.size());
            }
        } catch (IOException | IllegalArgumentException e) {
            // the keys in use stay in use: a half-written file must not lock every client out
            LOG.warnf("The client API keys in %s could not be read (%s); the keys loaded before stay in use", file,
                    e.getMessage());
        }
    }

    private static List<NamedHash> parse(List<String> entries, String source) {
        List<NamedHash> keys = new ArrayList<>(entries.size());
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).strip();
            String hex = colon < 0 ? "" : entry.substring(colon + 1).strip();
            if (name.isEmpty() || !hex.matches("[0-9a-fA-F]{64}")) {
                // the entry is not echoed: it might be a key pasted where its hash belongs
                throw new IllegalArgumentException("an entry of " + source + " is not name:sha256-hex (64 hex digits)");
            }
            keys.add(new NamedHash(name, HexFormat.of().parseHex(hex)));
        }
        return List.copyOf(keys);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
