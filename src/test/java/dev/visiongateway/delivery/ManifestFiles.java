package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/** The files under k8s/ that {@link ManifestsTest} reads, and the settings docs/configuration.md names. */
final class ManifestFiles {

    private ManifestFiles() {
    }

    static void assertListedFilesExist(Path file, JsonNode kustomization) {
        Path dir = file.getParent();
        for (JsonNode resource : kustomization.path("resources")) {
            assertThat(dir.resolve(resource.asText())).as(file + " lists " + resource.asText()).exists();
        }
        for (JsonNode patch : kustomization.path("patches")) {
            assertThat(dir.resolve(patch.path("path").asText())).as(file + " patches with " + patch).exists();
        }
        for (JsonNode component : kustomization.path("components")) {
            assertThat(dir.resolve(component.asText()).resolve("kustomization.yaml"))
                    .as(file + " uses the component " + component.asText()).exists();
        }
    }

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Manifests.K8S)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                    .sorted().toList();
        }
    }

    /**
     * The env column of the configuration reference: "| `key` | `ENV_NAME` | default | meaning |" (key maybe in parentheses).
     */
    static Set<String> documentedEnvNames() throws IOException {
        Pattern row = Pattern.compile("^\\| \\(?`[a-z0-9.\\-\"]+`\\)? \\| `([A-Z0-9_]+)` \\|");
        return Files.readAllLines(Path.of("docs/configuration.md")).stream()
                .map(row::matcher).filter(Matcher::find).map(matcher -> matcher.group(1))
                .collect(Collectors.toSet());
    }
}
