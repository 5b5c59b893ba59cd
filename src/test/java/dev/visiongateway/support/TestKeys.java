package dev.visiongateway.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** Client keys for test profiles: key {@code <name>-key} for each name, written as gateway.auth.keys takes them. */
public final class TestKeys {

    private TestKeys() {
    }

    /** {@code name:sha256(name-key)}, comma-separated. */
    public static String entries(String... names) {
        return String.join(",", Stream.of(names).map(name -> name + ":" + sha256(name + "-key")).toList());
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
