package dev.visiongateway.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/** Decodes {@code data:image/...;base64,...} URLs strictly: a wrong prefix, type or base64 payload is refused. */
final class DataUrlDecoder {

    /** Characters decoded at a time: a multiple of 4, so that every slice but the last decodes whole. */
    private static final int SLICE_CHARS = 64 * 1024;

    private DataUrlDecoder() {
    }

    /**
     * {@code base64}: where the payload starts in the URL, so that an image sent as it came can reuse the client's
     * own text instead of encoding its bytes again.
     */
    record Decoded(String declaredType, byte[] bytes, int base64Start) {
    }

    static Decoded decode(String url, String field) {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw invalid(field, "has no ',' between the header and the data");
        }
        String header = url.substring("data:".length(), comma).toLowerCase(Locale.ROOT);
        if (!header.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            // the declared type is quoted in warnings, which travel as X-Gateway-Warning headers
            throw invalid(field, "has control or non-ASCII characters in its media type");
        }
        if (!header.endsWith(";base64")) {
            throw invalid(field, "must be base64-encoded (data:image/png;base64,...)");
        }
        String declaredType = header.substring(0, header.indexOf(';'));
        if (!declaredType.startsWith("image/")) {
            throw invalid(field, "declares type '" + declaredType + "'; only image types are accepted");
        }
        try {
            byte[] bytes = base64(url, comma + 1);
            if (bytes.length == 0) {
                throw invalid(field, "carries no data");
            }
            return new Decoded(declaredType, bytes, comma + 1);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "is not valid base64: " + e.getMessage());
        }
    }

    /**
     * Decodes {@code text} from {@code start} in slices, straight into an array of the exact decoded size: a
     * multi-megabyte data URL is not copied whole (as a substring, then as bytes) before it is decoded. A character
     * beyond ISO-8859-1 becomes '?', which base64 refuses, so the text forwarded is always the text checked.
     */
    private static byte[] base64(String text, int start) {
        int length = text.length() - start;
        int padding = length > 0 && text.charAt(text.length() - 1) == '='
                ? (length > 1 && text.charAt(text.length() - 2) == '=' ? 2 : 1) : 0;
        if (length % 4 == 1) {
            throw new IllegalArgumentException("its length leaves a single character over");
        }
        int size = length / 4 * 3 + (length % 4 == 0 ? -padding : length % 4 - 1);
        byte[] decoded = new byte[Math.max(0, size)];
        byte[] slice = new byte[SLICE_CHARS / 4 * 3];
        Base64.Decoder decoder = Base64.getDecoder();
        int written = 0;
        for (int at = start; at < text.length(); at += SLICE_CHARS) {
            int end = Math.min(text.length(), at + SLICE_CHARS);
            int n = decoder.decode(text.substring(at, end).getBytes(StandardCharsets.ISO_8859_1), slice);
            if (end < text.length() && n < slice.length) {
                throw new IllegalArgumentException("padding before the end of the data");
            }
            if (written + n > decoded.length) {
                throw new IllegalArgumentException("more data than its length allows");
            }
            System.arraycopy(slice, 0, decoded, written, n);
            written += n;
        }
        if (written != decoded.length) {
            throw new IllegalArgumentException("less data than its length announces");
        }
        return decoded;
    }

    private static GatewayProblem invalid(String field, String why) {
        return GatewayProblem.of(ErrorCode.INVALID_DATA_URL, field, "The data URL " + why + ".");
    }
}
