package dev.visiongateway.upstream;

import java.util.Locale;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * The router answered that a file id of the request is unknown or expired. When the gateway sent that id for an
 * image it has the bytes of, it uploads the image again and retries once (docs/ARCHITECTURE.md rule 9); a
 * client's own file id stays the client's fault.
 */
final class UnknownRouterFile extends GatewayProblem {

    UnknownRouterFile(String detail) {
        super(ErrorCode.UNKNOWN_FILE, detail, null, null);
    }

    /**
     * A refusal (400, 404, 410, 422) whose code names a file ({@code file_not_found}, {@code invalid_file_id}):
     * a bare 404 may be a wrong path and stays an upstream error.
     */
    static boolean isUnknownFile(int status, String code) {
        return (status == 400 || status == 404 || status == 410 || status == 422) && code != null
                && code.toLowerCase(Locale.ROOT).contains("file");
    }
}
