package dev.visiongateway.image;

import java.io.IOException;
import java.time.Duration;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The bytes of one image as an {@code ImageInputStream} that a decoder cannot keep reading forever. Reads fail
 * once the decode's deadline has passed, and once the decoder has asked for data past the end more than a few
 * times: the TwelveMonkeys WebP decoder catches each end-of-file and goes on with stale bits, so a 34-byte
 * lossless WebP claiming 5000 x 5000 px kept it busy for minutes, one exception per read. The failures are
 * plain {@link IIOException}s, not {@code EOFException}s, so that no decoder mistakes them for an end it may skip.
 * Held in memory, so ImageIO's file cache (temp files under /tmp) is never used.
 */
final class GuardedImageInput extends ImageInputStreamImpl {

    /**
     * Reads at the end a whole image may make: valid files measured at most 13 (bit readers refill ahead of
     * what they use); the WebP bomb makes millions.
     */
    static final int MAX_READS_AT_END = 256;

    private final byte[] bytes;
    private volatile long deadlineNanos;
    private int readsAtEnd;
    private volatile boolean expired;

    GuardedImageInput(byte[] bytes, long deadlineNanos) {
        this.bytes = bytes;
        this.deadlineNanos = deadlineNanos;
    }

    /** Restarts the deadline: reading the header and decoding the pixels each get the whole timeout. */
    void deadlineIn(Duration timeout) {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    /** Whether a read was refused for the deadline, or the deadline has passed since. */
    boolean expired() {
        return expired || System.nanoTime() - deadlineNanos > 0;
    }

    /** Whether reads were refused for running past the end of the data. */
    boolean endedEarly() {
        return readsAtEnd > MAX_READS_AT_END;
    }

    @Override
    public int read() throws IOException {
        if (!available()) {
            return -1;
        }
        bitOffset = 0;
        return bytes[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!available()) {
            return -1;
        }
        int count = (int) Math.min(length, bytes.length - streamPos);
        System.arraycopy(bytes, (int) streamPos, buffer, offset, count);
        streamPos += count;
        bitOffset = 0;
        return count;
    }

    @Override
    public long length() {
        return bytes.length;
    }

    /** Checks the deadline and the end; false at the end, which the caller reports as -1. */
    private boolean available() throws IIOException {
        if (System.nanoTime() - deadlineNanos > 0) {
            expired = true;
            throw new IIOException("the decode ran past its deadline");
        }
        if (streamPos < bytes.length) {
            return true;
        }
        if (++readsAtEnd > MAX_READS_AT_END) {
            throw new IIOException("the image data ends early: the decoder asked for more than the file holds");
        }
        return false;
    }
}
