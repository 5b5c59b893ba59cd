package dev.visiongateway.api;

import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.visiongateway.access.Charge;
import dev.visiongateway.access.Charges;
import dev.visiongateway.access.UsageMeter;
import dev.visiongateway.answers.CacheRequest;
import dev.visiongateway.answers.CachedOperations;
import dev.visiongateway.image.UploadedImage;
import dev.visiongateway.problem.Problem;
import dev.visiongateway.vision.VisionAnswer;
import dev.visiongateway.vision.VisionOperation;
import dev.visiongateway.vision.VisionRequest;

/** describe, compare and ocr: images in, the model's answer out. */
@Path("/v1")
@Tag(name = "operations")
@APIResponse(responseCode = "200", description = "The answer as JSON; or, with `\"stream\": true` or"
        + " `Accept: text/event-stream`, Server-Sent Events `meta`, `delta`..., then `done` or `error`.", content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VisionAnswer.class)),
                @Content(mediaType = MediaType.SERVER_SENT_EVENTS) })
@APIResponse(responseCode = "400", description = "The request is at fault; `field` names where.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class OperationsResource {

    private final CachedOperations answers;
    private final ResponseBodies bodies;
    private final Validator validator;
    private final ObjectMapper json;
    private final Charges charges;
    private final UsageMeter usage;

    OperationsResource(CachedOperations answers, ResponseBodies bodies, Validator validator, ObjectMapper json,
            Charges charges, UsageMeter usage) {
        this.answers = answers;
        this.bodies = bodies;
        this.validator = validator;
        this.json = json;
        this.charges = charges;
        this.usage = usage;
    }

    @POST
    @Path("/describe")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Describe one or more images faithfully")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "one image", value = """
            {"images": [{"url": "https://upload.wikimedia.org/wikipedia/commons/3/3f/Fronalpstock_big.jpg"}],
             "language": "en", "max_tokens": 300}""")))
    public RestMulti<byte[]> describe(@Valid @NotNull(message = "the body must be a JSON object") VisionRequest request,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        return respond(VisionOperation.DESCRIBE, request, accept, cacheControl);
    }

    @POST
    @Path("/describe")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "The same, with images uploaded as repeated 'image' file parts")
    public RestMulti<byte[]> describeForm(@BeanParam VisionForm form, @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        return respond(VisionOperation.DESCRIBE, form, accept, cacheControl);
    }

    @POST
    @Path("/compare")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compare two or more images: what they share, how they differ")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "two images", value = """
            {"images": [{"url": "https://example.com/before.jpg"}, {"url": "https://example.com/after.jpg"}],
             "prompt": "Focus on the damage to the car."}""")))
    public RestMulti<byte[]> compare(@Valid @NotNull(message = "the body must be a JSON object") VisionRequest request,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        return respond(VisionOperation.COMPARE, request, accept, cacheControl);
    }

    @POST
    @Path("/compare")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "The same, with images uploaded as repeated 'image' file parts")
    public RestMulti<byte[]> compareForm(@BeanParam VisionForm form, @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        return respond(VisionOperation.COMPARE, form, accept, cacheControl);
    }

    @POST
    @Path("/ocr")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Transcribe the text of one or more images exactly")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "markdown", value = """
            {"images": [{"url": "https://example.com/receipt.png", "detail": "high"}],
             "format": "markdown", "language": "de"}""")))
    public RestMulti<byte[]> ocr(@Valid @NotNull(message = "the body must be a JSON object") VisionRequest request,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        return respond(VisionOperation.OCR, request, accept, cacheControl);
    }

    @POST
    @Path("/ocr")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "The same, with images uploaded as repeated 'image' file parts")
    public RestMulti<byte[]> ocrForm(@BeanParam VisionForm form, @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.CACHE_CONTROL) String cacheControl) {
        return respond(VisionOperation.OCR, form, accept, cacheControl);
    }

    private RestMulti<byte[]> respond(VisionOperation operation, VisionRequest request, String accept,
            String cacheControl) {
        return respond(operation, request, List.of(), accept, cacheControl);
    }

    private RestMulti<byte[]> respond(VisionOperation operation, VisionForm form, String accept, String cacheControl) {
        VisionRequest request = form.toRequest(json);
        Set<ConstraintViolation<VisionRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return respond(operation, request, form.uploads(), accept, cacheControl);
    }

    private RestMulti<byte[]> respond(VisionOperation operation, VisionRequest request,
            List<UploadedImage> uploads, String accept, String cacheControl) {
        boolean streams = ResponseBodies.wantsEvents(request.stream(), accept);
        Charge charge = charges.forRequest(request.imagesOrEmpty().size() + uploads.size(), streams);
        CacheRequest asking = CacheRequest.of(cacheControl);
        if (streams) {
            return bodies.events(charge.streamStart(answers.stream(operation, request, uploads, charge.spender(), asking)),
                    streaming -> charge.stream(streaming.hit() != null ? answers.events(streaming)
                            : usage.streamed(operation.id(), streaming.model(), charge, answers.events(streaming))),
                    CachedOperations.Streaming::outcome);
        }
        return bodies.document(charge.answer(answers.answer(operation, request, uploads, charge.spender(), asking))
                .invoke(answered -> {
                    if (!answered.outcome().hit()) {
                        usage.answered(operation.id(), charge, answered.answer());
                    }
                }), CachedOperations.Answered::answer, answered -> List.of(), CachedOperations.Answered::outcome);
    }
}
