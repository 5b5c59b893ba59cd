package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CI workflow cannot run here (no GitHub runner, no Docker engine); it is checked to parse and to run what the
 * README promises: the JVM build with ./mvnw -B verify on Temurin 17, the AOT build with ./mvnw -B verify -Paot on
 * Temurin 25 (and its image), and the native build with the same Mandrel builder image as deploy/Dockerfile.native,
 * followed by the integration tests.
 */
class WorkflowTest {

    private static final Path WORKFLOW = Path.of(".github/workflows/ci.yml");

    @Test
    void runsTheJvmTheAotAndTheNativeBuildOnEveryPushAndPullRequest() throws IOException {
        List<JsonNode> documents = Manifests.documents(WORKFLOW);
        assertThat(documents).hasSize(1);
        JsonNode workflow = documents.get(0);

        assertThat(workflow.path("on").has("push")).isTrue();
        assertThat(workflow.path("on").has("pull_request")).isTrue();

        JsonNode jvm = workflow.path("jobs").path("jvm");
        assertThat(runs(jvm)).contains("./mvnw -B verify");
        JsonNode setupJava = step(jvm, "actions/setup-java@v4");
        assertThat(setupJava.path("with").path("distribution").asText()).isEqualTo("temurin");
        assertThat(setupJava.path("with").path("java-version").asText()).isEqualTo("17");
        assertThat(setupJava.path("with").path("cache").asText()).isEqualTo("maven");

        JsonNode aot = workflow.path("jobs").path("aot");
        assertThat(runs(aot)).contains("./mvnw -B verify -Paot");
        assertThat(step(aot, "actions/setup-java@v4").path("with").path("java-version").asText()).isEqualTo("25");
        assertThat(String.join("\n", runs(workflow.path("jobs").path("images"))))
                .contains("docker build -f deploy/Dockerfile.jvm-aot");

        JsonNode nativeJob = workflow.path("jobs").path("native");
        assertThat(String.join("\n", runs(nativeJob))).contains("./mvnw -B verify -Pnative")
                .contains("-Dquarkus.native.container-build=true");
        String builder = workflow.path("env").path("MANDREL_BUILDER").asText();
        assertThat(Files.readString(Path.of("deploy/Dockerfile.native"))).contains("FROM " + builder + " AS build");
    }

    private static List<String> runs(JsonNode job) {
        List<String> runs = new ArrayList<>();
        job.path("steps").forEach(step -> {
            if (step.has("run")) {
                runs.add(step.path("run").asText().strip());
            }
        });
        return runs;
    }

    private static JsonNode step(JsonNode job, String uses) {
        for (JsonNode step : job.path("steps")) {
            if (uses.equals(step.path("uses").asText())) {
                return step;
            }
        }
        throw new AssertionError("no step uses " + uses);
    }
}
