package dev.visiongateway.image;

import java.io.IOException;
import java.util.Arrays;

import javax.imageio.IIOException;
import javax.imageio.stream.ImageOutputStreamImpl;

/**
 * An in-memory {@code ImageOutputStream} that fails the encoder writing to it once it would hold more than
 * {@code limit} bytes: an encoded image over {@code max-sent-bytes} is thrown away anyway, and a noisy 2048 px PNG
 * would otherwise grow to 16 MB (plus ImageIO's cache of it and the copies a growing buffer makes) before that is
 * known. Encoders seek back to patch lengths, so it keeps everything written, in one array.
 */
final class CappedImageOutput extends ImageOutputStreamImpl {

    private final long limit;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private boolean full;

    CappedImageOutput(long limit) {
        this.limit = limit;
    }

    /** Whether the encoder was stopped at the limit. */
    boolean full() {
        return full;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    @Override
    public void write(int b) throws IOException {
        flushBits();
        room(streamPos + 1);
        buffer[(int) streamPos++] = (byte) b;
        length = Math.max(length, (int) streamPos);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        flushBits();
        room(streamPos + count);
        System.arraycopy(bytes, offset, buffer, (int) streamPos, count);
        streamPos += count;
        length = Math.max(length, (int) streamPos);
    }

    @Override
    public int read() {
        bitOffset = 0;
        return streamPos < length ? buffer[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) {
        bitOffset = 0;
        if (streamPos >= length) {
            return -1;
        }
        int available = (int) Math.min(count, length - streamPos);
        System.arraycopy(buffer, (int) streamPos, bytes, offset, available);
        streamPos += available;
        return available;
    }

    @Override
    public long length() {
        return length;
    }

    private void room(long size) throws IIOException {
        if (size > limit) {
            full = true;
            throw new IIOException("the encoded image is over its limit of " + limit + " bytes");
        }
        if (size > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(size, 2L * buffer.length)));
        }
    }
}
