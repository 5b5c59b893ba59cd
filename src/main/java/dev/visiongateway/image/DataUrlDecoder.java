package dev.visiongateway.image;

import java.util.Base64;
import java.util.Locale;

import dev.visiongateway.api.GatewayProblem;

/** Decodes {@code data:image/...;base64,...} URLs strictly: a wrong prefix, type or base64 payload is refused. */
final class DataUrlDecoder {

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
            // a character beyond ISO-8859-1 becomes '?', which base64 refuses: the text forwarded is the text checked
            byte[] bytes = Base64.getDecoder().decode(url.substring(comma + 1));
            if (bytes.length == 0) {
                throw invalid(field, "carries no data");
            }
            return new Decoded(declaredType, bytes, comma + 1);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "is not valid base64: " + e.getMessage());
        }
    }

    private static GatewayProblem invalid(String field, String why) {
        return GatewayProblem.badRequest("invalid_data_url", field, "The data URL " + why + ".");
    }
}
