package dev.visiongateway.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Image formats told apart by their magic numbers, never by a declared type. Those the gateway accepts carry a
 * MIME type; the others are recognised only so that a refusal can name what was sent.
 */
public enum ImageFormat {
    JPEG("image/jpeg", true),
    PNG("image/png", true),
    WEBP("image/webp", true),
    GIF("image/gif", true),
    BMP("image/bmp", true),
    TIFF("image/tiff", false),
    HEIC("image/heic", false),
    AVIF("image/avif", false),
    SVG("image/svg+xml", false),
    PDF("application/pdf", false);

    private final String mimeType;
    private final boolean accepted;

    ImageFormat(String mimeType, boolean accepted) {
        this.mimeType = mimeType;
        this.accepted = accepted;
    }

    public String mimeType() {
        return mimeType;
    }

    public boolean accepted() {
        return accepted;
    }

    public String label() {
        return name();
    }

    /** The format whose signature starts {@code bytes}, if any is known. */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWithAscii(bytes, 0, "RIFF") && startsWithAscii(bytes, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (startsWithAscii(bytes, 0, "GIF87a") || startsWithAscii(bytes, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (startsWithAscii(bytes, 0, "BM") && bytes.length >= 26) {
            return Optional.of(BMP);
        }
        if (startsWith(bytes, 0, 'I', 'I', 0x2A, 0x00) || startsWith(bytes, 0, 'M', 'M', 0x00, 0x2A)) {
            return Optional.of(TIFF);
        }
        if (startsWithAscii(bytes, 4, "ftyp")) {
            String brand = new String(bytes, 8, Math.min(4, Math.max(0, bytes.length - 8)), StandardCharsets.US_ASCII);
            if (brand.startsWith("avi")) {
                return Optional.of(AVIF);
            }
            if (brand.startsWith("hei") || brand.startsWith("mif1") || brand.startsWith("hev")) {
                return Optional.of(HEIC);
            }
        }
        if (startsWithAscii(bytes, 0, "%PDF")) {
            return Optional.of(PDF);
        }
        String head = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.UTF_8).stripLeading();
        if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
            return Optional.of(SVG);
        }
        return Optional.empty();
    }

    /** How an image's bytes end, as far as its format tells. */
    public enum Ending {
        /** Before the format's end marker or declared length: truncated. */
        TRUNCATED,
        /** At the end marker, with data after it (allowed, never passed on as is). */
        TRAILING_DATA,
        /** At the end marker, nothing after it (JPEG, PNG); for the other formats: complete as far as they tell. */
        AT_END_MARKER
    }

    /**
     * How the bytes end, in one walk: a truncated upload or download is caught before it could be passed on byte for
     * byte, and hidden trailing data is never passed on as is.
     */
    public Ending ending(byte[] bytes) {
        return switch (this) {
            // the first image's end, not the file's last bytes: a second JPEG appended (with its own GPS tags,
            // which the metadata reader never sees) ends in FFD9 too
            case JPEG -> {
                int end = jpegEnd(bytes);
                yield end < 0 ? Ending.TRUNCATED : end == bytes.length ? Ending.AT_END_MARKER : Ending.TRAILING_DATA;
            }
            case PNG -> !containsNearEnd(bytes, 12, 'I', 'E', 'N', 'D') ? Ending.TRUNCATED
                    : bytes.length >= 8 && startsWithAscii(bytes, bytes.length - 8, "IEND") ? Ending.AT_END_MARKER
                            : Ending.TRAILING_DATA;
            case GIF -> containsNearEnd(bytes, 4, 0x3B) ? Ending.AT_END_MARKER : Ending.TRUNCATED;
            case WEBP -> bytes.length >= 12 && littleEndianInt(bytes, 4) + 8L <= bytes.length ? Ending.AT_END_MARKER
                    : Ending.TRUNCATED;
            case BMP -> bytes.length >= 6 && littleEndianInt(bytes, 2) <= bytes.length ? Ending.AT_END_MARKER
                    : Ending.TRUNCATED;
            default -> Ending.AT_END_MARKER;
        };
    }

    public static Optional<ImageFormat> ofMimeType(String mimeType) {
        String normalized = "image/jpg".equals(mimeType) ? "image/jpeg" : mimeType;
        return Arrays.stream(values()).filter(format -> format.mimeType.equals(normalized)).findFirst();
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Walks a JPEG's segments and entropy-coded data to its end-of-image marker. Data after that marker (a
     * phone's motion-photo video, a vendor trailer) is allowed; an end marker inside an embedded EXIF thumbnail
     * does not count, since APP segments are skipped by their length. Returns the offset just past the first
     * end-of-image marker, or -1 when the JPEG ends before reaching one.
     */
    private static int jpegEnd(byte[] bytes) {
        int offset = 2;
        while (offset + 4 <= bytes.length) {
            if ((bytes[offset] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = bytes[offset + 1] & 0xFF;
            if (marker == 0xD9) {
                return offset + 2;
            }
            if (marker == 0xFF || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                offset += marker == 0xFF ? 1 : 2;
                continue;
            }
            int length = ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
            offset += 2 + length;
            if (marker == 0xDA) {
                // entropy-coded data: a marker is an FF not followed by a stuffed 00 or a restart marker. Most bytes
                // are not FF, so they are passed over eight at a time: this scan runs on every JPEG, and byte by byte
                // it cost 0.1 ms per 121 KB photo, a sixth of what the gateway spent on it
                while (offset + 1 < bytes.length) {
                    while (offset + Long.BYTES <= bytes.length
                            && !ByteWords.hasByte(ByteWords.at(bytes, offset), 0xFF)) {
                        offset += Long.BYTES;
                    }
                    if (offset + 1 >= bytes.length) {
                        break;
                    }
                    if (bytes[offset] != (byte) 0xFF) {
                        offset++;
                        continue;
                    }
                    int next = bytes[offset + 1] & 0xFF;
                    if (next == 0 || next >= 0xD0 && next <= 0xD7) {
                        offset += 2;
                        continue;
                    }
                    break;
                }
                if (offset + 1 < bytes.length && (bytes[offset + 1] & 0xFF) == 0xD9) {
                    return offset + 2;
                }
            }
        }
        return -1;
    }

    private static boolean containsNearEnd(byte[] bytes, int window, int... marker) {
        for (int offset = Math.max(0, bytes.length - window); offset <= bytes.length - marker.length; offset++) {
            if (startsWith(bytes, offset, marker)) {
                return true;
            }
        }
        return false;
    }

    private static long littleEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8 | (bytes[offset + 2] & 0xFFL) << 16
                | (bytes[offset + 3] & 0xFFL) << 24;
    }

    private static boolean startsWithAscii(byte[] bytes, int offset, String expected) {
        return startsWith(bytes, offset, expected.chars().toArray());
    }
}
