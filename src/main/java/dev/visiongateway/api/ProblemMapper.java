package dev.visiongateway.api;

import java.util.Comparator;
import java.util.Locale;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.visiongateway.access.BodyAdmission;
import dev.visiongateway.problem.EnumChoice;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.PlainText;
import dev.visiongateway.problem.Problem;
import dev.visiongateway.upstream.UpstreamFaults;

/** Every failure a request can meet, as an RFC 9457 problem (docs/ARCHITECTURE.md section 2). */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final BodyAdmission admission;

    ProblemMapper(BodyAdmission admission) {
        this.admission = admission;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> gatewayProblem(GatewayProblem problem, UriInfo uri) {
        if (problem.status() >= 500) {
            // a detail may quote the client (a model name): one printable line, so it cannot forge log lines
            LOG.warnf("%d %s: %s", problem.status(), problem.code(), PlainText.line(problem.getMessage(), 500));
        }
        RestResponse.ResponseBuilder<Problem> response = RestResponse.ResponseBuilder
                .<Problem> create(problem.status()).entity(openAiPath(uri) ? Problem.withOpenAiError(problem)
                        : Problem.of(problem))
                .type(Problem.MEDIA_TYPE);
        problem.retryAfter().ifPresent(wait -> response.header(HttpHeaders.RETRY_AFTER,
                Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0))));
        return response.build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> circuitOpen(CircuitBreakerOpenException open, UriInfo uri) {
        return gatewayProblem(UpstreamFaults.toProblem(open), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException invalid, UriInfo uri) {
        ConstraintViolation<?> first = invalid.getConstraintViolations().stream()
                .min(Comparator.comparing(violation -> violation.getPropertyPath().toString())).orElseThrow();
        String field = field(first.getPropertyPath());
        String detail = (field.isEmpty() ? "The body" : "'" + field + "'") + " " + first.getMessage() + "."
                + (invalid.getConstraintViolations().size() > 1
                        ? " (" + (invalid.getConstraintViolations().size() - 1) + " more problem(s) in the request.)"
                        : "");
        return gatewayProblem(GatewayProblem.of(ErrorCode.INVALID_REQUEST, field.isEmpty() ? null : field, detail), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unreadable(JsonProcessingException unreadable, UriInfo uri) {
        return gatewayProblem(jsonProblem(unreadable), uri);
    }

    /** Named apart from {@link #unreadable}: Quarkus's own mapper of this type would win over the general one. */
    @ServerExceptionMapper
    public RestResponse<Problem> wrongShape(MismatchedInputException mismatch, UriInfo uri) {
        return gatewayProblem(jsonProblem(mismatch), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> malformedJson(StreamReadException malformed, UriInfo uri) {
        return gatewayProblem(jsonProblem(malformed), uri);
    }

    /** A body Jackson could not read, as the problem that names where and why. */
    static GatewayProblem jsonProblem(JsonProcessingException unreadable) {
        // databind wraps a parse failure met inside a record's field in a mapping exception
        if (unreadable.getCause() instanceof StreamReadException malformed && !(unreadable instanceof StreamReadException)) {
            return jsonProblem(malformed);
        }
        if (unreadable instanceof StreamConstraintsException limit) {
            return GatewayProblem.of(ErrorCode.MALFORMED_JSON, null, "The body cannot be read: "
                    + limit.getOriginalMessage().replaceAll(" \\(.*", "") + ".");
        }
        if (unreadable instanceof StreamReadException malformed) {
            return GatewayProblem.of(ErrorCode.MALFORMED_JSON, null,
                    "The body is not valid JSON: " + malformed.getOriginalMessage().replaceAll(" \\(start marker.*", "")
                            + (malformed.getLocation() == null ? "."
                                    : " (line " + malformed.getLocation().getLineNr()
                                            + ", column " + malformed.getLocation().getColumnNr() + ")."));
        }
        if (unreadable instanceof MismatchedInputException mismatch) {
            String field = field(mismatch);
            if (mismatch instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                    && invalid.getTargetType().isEnum()) {
                return EnumChoice.refusal(invalid.getTargetType(), invalid.getValue(), field);
            }
            String detail = (field.isEmpty() ? "The body" : "'" + field + "'") + " has the wrong type: "
                    + mismatch.getOriginalMessage().replaceAll(" \\(.*", "") + ".";
            return GatewayProblem.of(field.endsWith("detail") ? ErrorCode.INVALID_DETAIL : ErrorCode.INVALID_REQUEST,
                    field.isEmpty() ? null : field, detail);
        }
        String field = unreadable instanceof JsonMappingException mapping ? field(mapping) : "";
        return GatewayProblem.of(ErrorCode.MALFORMED_JSON, field.isEmpty() ? null : field,
                "The body cannot be read: " + unreadable.getOriginalMessage() + ".");
    }

    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException failure, UriInfo uri) {
        // the JSON reader wraps parse failures (a truncated body, say) in a plain 400
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException unreadable) {
                return unreadable(unreadable, uri);
            }
        }
        int status = failure.getResponse().getStatus();
        String detail = switch (status) {
            case 415 -> "Send the body as application/json or multipart/form-data.";
            case 413 -> admission.requestTooLarge().getMessage();
            default -> failure.getMessage();
        };
        return gatewayProblem(GatewayProblem.of(ErrorCode.forHttpStatus(status), null, detail), uri);
    }

    private static boolean openAiPath(UriInfo uri) {
        return uri != null && uri.getPath().startsWith("/v1/chat/");
    }

    /** Anything unforeseen: logged with its stack (by {@code GatewayProblem.of}), answered as an opaque 500. */
    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable failure, UriInfo uri) {
        if (clientWentAway(failure)) {
            // router faults arrive mapped already, so a closed connection here is the client's: nothing to log
            LOG.debugf("The client closed its connection before the answer was written: %s", failure);
            return gatewayProblem(new GatewayProblem(ErrorCode.CLIENT_CLOSED_REQUEST, "The client closed the connection.",
                    null, null), uri);
        }
        return gatewayProblem(GatewayProblem.of(failure), uri);
    }

    private static boolean clientWentAway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /** The JSON path of a Bean Validation violation, in the request's own snake_case names. */
    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() != ElementKind.PROPERTY && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                field.append(field.isEmpty() ? "" : ".").append(snakeCase(node.getName()));
            }
            if (node.getIndex() != null) {
                // an element's index shows on the node after its container's
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String field(JsonMappingException mapping) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
