package dev.visiongateway.image;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Whether a PNG carries metadata, read from its chunk headers alone. Text and ICC chunks may be compressed, and
 * a metadata library inflates them without bound (a 400 KB zTXt chunk can fill the heap), so they are only
 * named here, never opened.
 */
final class PngChunks {

    private static final Set<String> METADATA = Set.of("tEXt", "zTXt", "iTXt", "iCCP", "eXIf", "tIME");

    private PngChunks() {
    }

    static boolean carryMetadata(byte[] png) {
        int offset = 8;
        while (offset + 8 <= png.length) {
            long length = ((png[offset] & 0xFFL) << 24) | ((png[offset + 1] & 0xFFL) << 16)
                    | ((png[offset + 2] & 0xFFL) << 8) | (png[offset + 3] & 0xFFL);
            String type = new String(png, offset + 4, 4, StandardCharsets.US_ASCII);
            if (METADATA.contains(type)) {
                return true;
            }
            if (type.equals("IEND")) {
                return false;
            }
            offset += 12 + (int) Math.min(length, Integer.MAX_VALUE - 12L);
            if (offset < 0) {
                return true;
            }
        }
        // a chunk runs past the end: unknown, so treated as present and re-encoded away
        return true;
    }
}
