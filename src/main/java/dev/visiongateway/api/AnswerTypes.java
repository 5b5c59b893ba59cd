package dev.visiongateway.api;

import dev.visiongateway.catalog.CatalogModel;
import dev.visiongateway.image.ImageReport;
import dev.visiongateway.problem.OpenAiError;
import dev.visiongateway.problem.Problem;
import dev.visiongateway.vision.StreamEvent;
import dev.visiongateway.vision.Usage;
import dev.visiongateway.vision.VisionAnswer;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records {@link ResponseBodies} writes with {@code ObjectMapper.writeValueAsString}: the endpoints return
 * ready bytes, so Quarkus REST never sees these types and a native image would drop the accessors Jackson calls.
 * {@code StreamEvent.data()} is an {@code Object}, so its payloads are listed one by one. {@link Problem} is also
 * the entity of the exception mappers, and {@code ModelList} a return type, which Quarkus infers; they are listed
 * too because an error event and a cached answer are written here by hand as well.
 */
@RegisterForReflection(targets = {
        VisionAnswer.class,
        ImageReport.class,
        ImageReport.Original.class,
        ImageReport.Tile.class,
        Usage.class,
        StreamEvent.Meta.class,
        StreamEvent.Delta.class,
        StreamEvent.Done.class,
        Problem.class,
        OpenAiError.class,
        OpenAiError.Body.class,
        ModelsResource.ModelList.class,
        CatalogModel.class })
final class AnswerTypes {

    private AnswerTypes() {
    }
}
