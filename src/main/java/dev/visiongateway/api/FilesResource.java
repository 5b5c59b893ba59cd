package dev.visiongateway.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageIdentities;
import dev.visiongateway.image.ImageIntake;
import dev.visiongateway.image.ImagePreparation;
import dev.visiongateway.image.ImageReport;
import dev.visiongateway.image.UploadedImage;
import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.upstream.RouterFiles;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/files}: an image checked and normalized like every other, then put into the router's Files API
 * once per content (docs/ARCHITECTURE.md rule 9); its id can be named as {@code file_id} in later requests.
 */
@Path("/v1/files")
@Tag(name = "files")
public class FilesResource {

    /** What the router now holds: its file id, and the image as sent (normalized). */
    public record FileAnswer(String id, String object, long bytes, String mimeType, String sha256, String purpose,
            boolean uploaded, ImageReport image, List<String> warnings) {
    }

    private final ImageIntake intake;
    private final RouterFiles files;
    private final ImageIdentities identities;

    FilesResource(ImageIntake intake, RouterFiles files, ImageIdentities identities) {
        this.intake = intake;
        this.files = files;
        this.identities = identities;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload an image to the router's Files API, checked and normalized; reuse its id as file_id")
    @APIResponse(responseCode = "200", description = "The router's file id and the image report.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FileAnswer.class)))
    public Uni<FileAnswer> upload(@RestForm("file") FileUpload file, @RestForm String purpose) {
        return Uni.createFrom().deferred(() -> {
            files.unavailable().ifPresent(problem -> {
                throw problem;
            });
            if (file == null) {
                throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "file", "The form must hold one 'file' part: the"
                        + " image.");
            }
            String chosen = purpose == null || purpose.isBlank() ? files.defaultPurpose() : purpose.strip();
            if (!chosen.matches("[a-z_]{1,32}")) {
                throw GatewayProblem.of(ErrorCode.INVALID_REQUEST, "purpose", "'purpose' must be a Files API purpose"
                        + " such as " + files.defaultPurpose() + ": 1 to 32 lower-case letters or '_'.");
            }
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            UploadedImage upload = new UploadedImage(file.uploadedFile(), file.fileName(), file.contentType(),
                    file.size());
            return intake.prepareUpload("file", upload, ImagePreparation.NORMALIZED, warnings::add)
                    .flatMap(image -> {
                        ImageContent.DataUrl inline = (ImageContent.DataUrl) image.content();
                        return files.once(image.report().sha256(), inline, chosen).map(stored -> {
                            ImageReport report = image.report().sentAsFile(stored.uploaded() ? "uploaded_as_file"
                                    : "reused_uploaded_file");
                            // the file id now stands for this image: its answers are the image's answers
                            identities.uploadedFile(stored.file().fileId(), report.sha256());
                            return new FileAnswer(stored.file().fileId(), "file", report.bytes(),
                                    stored.file().mimeType(), report.sha256(), chosen, stored.uploaded(), report,
                                    List.copyOf(warnings));
                        });
                    });
        });
    }
}
