package dev.visiongateway.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.problem.Problem;

/**
 * Documents, on every operation of the API, each problem it can answer (400, 401, 413, 415, 429, 502, 503, 504) as
 * an {@code application/problem+json} {@link Problem} with an example and the codes of that status, taken from
 * {@link ErrorCode} so that the document cannot drift from the code (run at build time, {@code mp.openapi.filter}).
 * A response an operation documents itself, with content, is kept. Jackson's tree types (a request's {@code history}
 * turns) are documented as the OpenAI chat messages they hold.
 */
public class ProblemResponses implements OASFilter {

    /** Per status: an example problem, as the gateway writes it. */
    private static final Map<Integer, GatewayProblem> EXAMPLES = examples();

    private static Map<Integer, GatewayProblem> examples() {
        Map<Integer, GatewayProblem> examples = new LinkedHashMap<>();
        examples.put(400, GatewayProblem.of(ErrorCode.INVALID_DETAIL, "images[0].detail",
                "'images[0].detail' must be one of low, high, auto; got 'ultra'."));
        examples.put(401, GatewayProblem.of(ErrorCode.INVALID_API_KEY, null,
                "An API key is required: send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'."));
        examples.put(413, GatewayProblem.of(ErrorCode.IMAGE_TOO_LARGE, "images[0].url",
                "Image 1 is 12000 x 9000 pixels; at most 50 megapixels are accepted."));
        examples.put(415, GatewayProblem.of(ErrorCode.UNSUPPORTED_FORMAT, "images[0].url",
                "The image is TIFF; send JPEG, PNG, WebP, GIF or BMP."));
        examples.put(429, GatewayProblem.of(ErrorCode.RATE_LIMITED, null,
                "The key 'frontend' has used 60 of its 60 requests per minute; try again in 12 s."));
        examples.put(502, GatewayProblem.of(ErrorCode.UPSTREAM_ERROR, null, "The router failed (HTTP 500)."));
        examples.put(503, GatewayProblem.of(ErrorCode.UPSTREAM_UNREACHABLE, null,
                "The router cannot be reached right now."));
        examples.put(504, GatewayProblem.of(ErrorCode.UPSTREAM_TIMEOUT, null, "The router did not answer in time."));
        return examples;
    }

    /** Jackson's tree types, which a request's {@code history} is read as: documented as the chat messages they are. */
    private static final List<String> JACKSON_TREES = List.of("ObjectNode", "ArrayNode", "JsonNode", "JsonNodeType",
            "JsonNodeFactory");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
            JACKSON_TREES.stream().filter(schemas::containsKey).forEach(openAPI.getComponents()::removeSchema);
            schemas.values().forEach(ProblemResponses::asChatMessages);
        }
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/v1/") || path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> document(method, operation));
            }
        });
    }

    private static void document(PathItem.HttpMethod method, Operation operation) {
        boolean withBody = method == PathItem.HttpMethod.POST;
        EXAMPLES.forEach((status, example) -> {
            if (!withBody && (status == 413 || status == 415)) {
                return;
            }
            APIResponse documented = operation.getResponses().getAPIResponse(String.valueOf(status));
            APIResponse generated = response(status, example);
            // SmallRye adds a bare "Bad Request" to a validated body: one without content is replaced
            if (documented == null || documented.getContent() == null) {
                operation.getResponses().addAPIResponse(String.valueOf(status), generated);
            } else if (documented.getContent().getMediaType(Problem.MEDIA_TYPE) != null
                    && documented.getContent().getMediaType(Problem.MEDIA_TYPE).getExamples() == null) {
                documented.getContent().getMediaType(Problem.MEDIA_TYPE).setExamples(
                        generated.getContent().getMediaType(Problem.MEDIA_TYPE).getExamples());
            }
        });
    }

    /** Replaces, in {@code schema} and below, each reference to a Jackson tree with one to the chat message shape. */
    private static void asChatMessages(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && JACKSON_TREES.stream().anyMatch(tree -> schema.getRef().endsWith("/" + tree))) {
            schema.setRef("ChatMessage");
        }
        asChatMessages(schema.getItems());
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(ProblemResponses::asChatMessages);
        }
        for (List<Schema> composed : java.util.Arrays.asList(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf())) {
            if (composed != null) {
                composed.forEach(ProblemResponses::asChatMessages);
            }
        }
    }

    private static APIResponse response(int status, GatewayProblem example) {
        Problem problem = Problem.of(example);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", problem.type());
        value.put("title", problem.title());
        value.put("status", problem.status());
        value.put("detail", problem.detail());
        value.put("code", problem.code());
        if (problem.field() != null) {
            value.put("field", problem.field());
        }
        String codes = Arrays.stream(ErrorCode.values()).filter(code -> code.status() == status)
                .map(ErrorCode::id).collect(Collectors.joining(", "));
        return OASFactory.createAPIResponse()
                .description("A problem: " + codes + (List.of(429, 503).contains(status) ? "; with Retry-After where"
                        + " known" : "") + ".")
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem"))
                        .addExample(problem.code(), OASFactory.createExample().value(value))));
    }
}
