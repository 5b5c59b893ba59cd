package dev.visiongateway.image;

import java.util.regex.Pattern;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/** An image already in the router's Files API, sent as an {@code input_file} part. */
public record RouterFile(String fileId, String mimeType) {

    /**
     * Ids as Files APIs hand them out ({@code file-abc123} at OpenAI, {@code file_011CNha8...} elsewhere): letters,
     * digits, '-' and '_'. Anything else is no id, and would only carry a client's text on under the gateway's key.
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** {@code fileId} when it has the form of a file id, else a 400 naming {@code field}. */
    public static String checkedId(String fileId, String field) {
        if (fileId == null || !ID.matcher(fileId).matches()) {
            throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, field, "'" + field + "' must be a file id from the"
                    + " Files API: 1 to 128 letters, digits, '-' or '_' (e.g. file-abc123).");
        }
        return fileId;
    }
}
