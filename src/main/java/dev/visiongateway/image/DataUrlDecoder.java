package dev.visiongateway.image;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/** Decodes {@code data:image/...;base64,...} URLs strictly: a wrong prefix, type or base64 payload is refused. */
final class DataUrlDecoder {

    private DataUrlDecoder() {
    }

    /**
     * {@code payloadStart}: where the base64 starts in the URL, so that an image sent as it came can reuse the
     * client's own text instead of encoding its bytes again.
     */
    record Decoded(String declaredType, byte[] bytes, int payloadStart) {
    }

    /**
     * Decodes the payload straight from the URL's bytes into an array of the image's size: a multi-megabyte data URL
     * is not copied before it is decoded. Once this accepts a URL, the URL is plain ({@link DataUrlText}): its media
     * type has only printable ASCII other than quotes and backslashes, and base64 has no such characters.
     */
    static Decoded decode(DataUrlText url, String field) {
        int comma = url.comma();
        if (comma < 0) {
            throw invalid(field, "has no ',' between the header and the data");
        }
        String header = url.subSequence("data:".length(), comma).toString().toLowerCase(Locale.ROOT);
        if (!header.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            // the declared type is quoted in warnings, which travel as X-Gateway-Warning headers
            throw invalid(field, "has control or non-ASCII characters, quotes or backslashes in its media type");
        }
        if (!header.endsWith(";base64")) {
            throw invalid(field, "must be base64-encoded (data:image/png;base64,...)");
        }
        String declaredType = header.substring(0, header.indexOf(';'));
        if (!declaredType.startsWith("image/")) {
            throw invalid(field, "declares type '" + declaredType + "'; only image types are accepted");
        }
        int payload = url.length() - comma - 1;
        if (payload == 0) {
            throw invalid(field, "carries no data");
        }
        if (payload % 4 == 1) {
            throw invalid(field, "is not valid base64: its length leaves a single character over");
        }
        try {
            ByteBuffer decoded = url.decode(comma + 1);
            byte[] bytes = decoded.array();
            if (decoded.arrayOffset() != 0 || decoded.remaining() != bytes.length) {
                // the JDK sizes the array from the padding it sees, so this is the exception
                bytes = Arrays.copyOfRange(bytes, decoded.arrayOffset() + decoded.position(),
                        decoded.arrayOffset() + decoded.limit());
            }
            if (bytes.length == 0) {
                throw invalid(field, "carries no data");
            }
            return new Decoded(declaredType, bytes, comma + 1);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "is not valid base64: " + e.getMessage());
        }
    }

    private static GatewayProblem invalid(String field, String why) {
        return GatewayProblem.of(ErrorCode.INVALID_DATA_URL, field, "The data URL " + why + ".");
    }
}
