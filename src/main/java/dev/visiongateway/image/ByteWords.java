package dev.visiongateway.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bytes looked at eight at a time, for the scans that run over whole images on every request (a JPEG's end marker,
 * a data URL's escaping check): a byte array read as little-endian longs, and the zero-byte tests of Hacker's
 * Delight, each exact for the question whether any of the eight bytes matches.
 */
public final class ByteWords {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteWords() {
    }

    /** The eight bytes from {@code offset} on; {@code offset + 8} must not pass the end. */
    public static long at(byte[] bytes, int offset) {
        return (long) LONGS.get(bytes, offset);
    }

    /** Whether any byte of {@code word} is {@code value} (0-255). */
    public static boolean hasByte(long word, int value) {
        long differences = word ^ ((value & 0xFF) * ONES);
        return ((differences - ONES) & ~differences & HIGH_BITS) != 0;
    }

    /**
     * Whether every byte of {@code word} is ASCII from 0x20 on and neither a quote nor a backslash: what JSON writes as
     * it is. One test for the four, without a branch for each: this runs over every byte of a data URL.
     */
    public static boolean allJsonPlain(long word) {
        long quotes = word ^ ('"' * ONES);
        long backslashes = word ^ ('\\' * ONES);
        // a high bit in any term: non-ASCII, a byte below 0x20, a quote, a backslash (each exact where no byte before
        // it in the word was already one of them)
        long flags = word | (word - 0x20 * ONES) & ~word | (quotes - ONES) & ~quotes
                | (backslashes - ONES) & ~backslashes;
        return (flags & HIGH_BITS) == 0;
    }
}
