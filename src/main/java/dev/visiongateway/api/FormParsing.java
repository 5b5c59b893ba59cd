package dev.visiongateway.api;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.visiongateway.access.BodyAdmission;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.PlainText;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Multipart forms are parsed by Vert.x's {@link BodyHandler} (Netty's decoder), which spools their files to
 * {@code quarkus.http.body.uploads-directory}; Quarkus REST then takes the parsed form as it is
 * ({@code RoutingContext.fileUploads()}) instead of parsing the body again with its own parser, which scans the body a
 * byte at a time: for a 6 MB phone photo, 49 ms of CPU per request against 27 ms this way (bench/answer-cache, an
 * upload answered from the cache; bench/README.md), over HTTP/1.1 (see {@link #parse}). Runs after the admission of the body
 * (access.BodyAdmission) and
 * the client key's check, for POSTs under /v1 only; their files are deleted when the request ends. Vert.x writes
 * the files through its asynchronous file API; like Quarkus's own body handler, it checks on the event loop that the
 * uploads directory exists (one stat per form).
 */
@ApplicationScoped
class FormParsing {

    private static final String FORM = "vision-gateway.form";

    private final BodyHandler forms;
    private final BodyAdmission admission;

    FormParsing(@ConfigProperty(name = "quarkus.http.body.uploads-directory") String directory,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody, BodyAdmission admission) {
        this.admission = admission;
        this.forms = BodyHandler.create(directory).setBodyLimit(maxBody.asLongValue()).setHandleFileUploads(true)
                .setDeleteUploadedFilesOnEnd(true).setMergeFormAttributes(false);
    }

    void install(@Observes Router router) {
        router.post("/v1/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::parse)
                .handler(this::notEmpty).failureHandler(this::refuse);
    }

    /**
     * A form without a part: Quarkus REST, finding no parsed form, would read a body that is already read (a 500).
     */
    private void notEmpty(RoutingContext context) {
        if (context.get(FORM) != null && context.fileUploads().isEmpty() && context.request().formAttributes().isEmpty()) {
            admission.refuse(context, GatewayProblem.of(ErrorCode.INVALID_REQUEST, null, "The form holds no parts:"
                    + " send each image as an 'image' file part, the other fields as text parts."), false);
        } else {
            context.next();
        }
    }

    /** A form Vert.x could not take, as the problem the client gets for it from every other door. */
    private void refuse(RoutingContext context) {
        if (context.get(FORM) == null || context.response().headWritten() || context.statusCode() < 400
                || context.statusCode() >= 500) {
            context.next();
        } else if (context.statusCode() == 413) {
            // a form sent without a length, found over the limit while it arrived: the connection is closed, since
            // its parts would go on being written to disk while the rest were read to be dropped
            admission.refuse(context, admission.requestTooLarge(), false);
        } else {
            admission.refuse(context, GatewayProblem.of(ErrorCode.forHttpStatus(context.statusCode()), null,
                    "The multipart form cannot be read: " + PlainText.line(String.valueOf(
                            context.failure() == null ? "malformed" : context.failure().getMessage()), 200) + "."),
                    false);
        }
    }

    private void parse(RoutingContext context) {
        String type = context.request().getHeader("Content-Type");
        // over HTTP/2 Quarkus REST pauses the request after Vert.x has read it, which HTTP/2 refuses (a 500): there it
        // parses the form itself
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                && context.request().version() != HttpVersion.HTTP_2) {
            context.put(FORM, Boolean.TRUE);
            forms.handle(context);
        } else {
            context.next();
        }
    }
}
