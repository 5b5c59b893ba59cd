package dev.visiongateway.delivery;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads the manifests under {@code k8s/} as the API server would: each object must be a known
 * {@code apiVersion}/{@code kind} and bind to the fabric8 model of that type with no field left over and no value of
 * the wrong type. The fabric8 classes keep unknown fields in an {@code additionalProperties} map ({@code @JsonAnySetter});
 * the reader hides that annotation so that an unknown field fails instead of being kept.
 */
final class Manifests {

    static final Path K8S = Path.of("k8s");

    /** The API types the manifests may use, by apiVersion and kind; anything else is refused. */
    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", io.fabric8.kubernetes.api.model.Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "serving.knative.dev/v1/Service", io.fabric8.knative.serving.v1.Service.class);

    static final String KUSTOMIZATION = "kustomize.config.k8s.io/v1beta1/Kustomization";
    static final String COMPONENT = "kustomize.config.k8s.io/v1alpha1/Component";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = strictMapper();

    private Manifests() {
    }

    /** Every document of a YAML file (a file may hold several, separated by {@code ---}). */
    static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readerFor(JsonNode.class).<JsonNode> readValues(yaml).forEachRemaining(document -> {
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String typeOf(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    /** The object bound to its API type; fails on an unknown type, an unknown field or a wrongly typed value. */
    static HasMetadata typed(JsonNode object) {
        Class<? extends HasMetadata> type = TYPES.get(typeOf(object));
        if (type == null) {
            throw new AssertionError("no API type is known for " + typeOf(object) + "; known: " + TYPES.keySet());
        }
        try {
            return STRICT.treeToValue(object, type);
        } catch (IOException e) {
            throw new AssertionError(typeOf(object) + " '" + object.path("metadata").path("name").asText()
                    + "' does not match the API type: " + e.getMessage(), e);
        }
    }

    /** The kustomization rendered by {@code kubectl kustomize}, each object bound to its API type. */
    static List<HasMetadata> render(Path kustomization) {
        Path kubectl = kubectl();
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                    .redirectErrorStream(false).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed: " + err);
            }
            return documents(out).stream().map(Manifests::typed).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /**
     * kubectl on the PATH. .ci/run makes sure of it; a machine without it skips the rendering tests and says so
     * loudly, while every manifest file is still checked on its own.
     */
    private static Path kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "!!! kubectl is not on the PATH: the kustomize rendering of k8s/ is NOT checked on this"
                + " machine (install kubectl, which has kustomize built in) !!!";
        System.err.println(message);
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper strict = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated member) {
                        return false;
                    }

                    @Override
                    public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config,
                            Annotated member) {
                        return JsonIgnoreProperties.Value.empty();
                    }
                });
        // The API server takes no "2" for a number and no 8080 for a string (ConfigMap data, annotations)
        for (LogicalType scalar : new LogicalType[] { LogicalType.Integer, LogicalType.Float, LogicalType.Boolean }) {
            strict.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict;
    }
}
