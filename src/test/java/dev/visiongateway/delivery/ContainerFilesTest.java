package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No Docker engine runs here, so the container files are checked for what breaks a build or a promise: every
 * {@code COPY} from the build context names something the {@code .dockerignore} allow-list lets in, and each image
 * runs as a non-root user with the API on port 8080 and the management interface (health) on 9000, with Tesseract
 * where deploy/README.md says so.
 */
class ContainerFilesTest {

    private static final Path DEPLOY = Path.of("deploy");

    @Test
    void theAllowListKeepsTheContextSmall() throws IOException {
        DockerIgnore ignore = DockerIgnore.read(Path.of(".dockerignore"));

        assertThat(ignore.inContext("target/quarkus-app/lib/main/io.quarkus.quarkus-core-3.37.3.jar")).isTrue();
        assertThat(ignore.inContext("src/main/java/dev/visiongateway/api/ProblemMapper.java")).isTrue();
        assertThat(ignore.inContext(".git/HEAD")).isFalse();
        assertThat(ignore.inContext("target/classes/application.properties")).isFalse();
        assertThat(ignore.inContext("target/surefire-reports/x.txt")).isFalse();
        assertThat(ignore.inContext("k8s/base/deployment.yaml")).isFalse();
        assertThat(ignore.inContext("README.md")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.jvm-aot", "Dockerfile.native", "Dockerfile.native-micro" })
    void everyCopyFromTheContextIsInTheContext(String dockerfile) throws IOException {
        DockerIgnore ignore = DockerIgnore.read(Path.of(".dockerignore"));
        List<String> sources = contextSources(Files.readAllLines(DEPLOY.resolve(dockerfile)));

        assertThat(sources).isNotEmpty();
        for (String source : sources) {
            // a glob stands for a file it would match; a directory for a file inside it
            String sample = source.replace("*", "sample").replaceAll("/$", "/sample");
            assertThat(ignore.inContext(sample)).as(dockerfile + " copies " + source).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({ "Dockerfile.jvm, 185, true, true", "Dockerfile.jvm-aot, 185, true, true",
            "Dockerfile.native, 1001, true, true",
            "Dockerfile.native-micro, 1001, false, false" })
    void eachImageRunsAsItsNonRootUserOnPorts8080And9000(String dockerfile, String user, boolean tesseract,
            boolean healthcheck) throws IOException {
        List<String> lines = Files.readAllLines(DEPLOY.resolve(dockerfile));
        List<String> finalStage = lines.subList(lastIndexStartingWith(lines, "FROM "), lines.size());

        assertThat(finalStage).filteredOn(line -> line.startsWith("USER ")).last().isEqualTo("USER " + user);
        assertThat(finalStage).contains("EXPOSE 8080 9000");
        // EPEL's package on UBI, Ubuntu's on the Temurin image
        assertThat(finalStage.stream()
                .anyMatch(line -> line.contains("tesseract-langpack-eng") || line.contains("tesseract-ocr-eng")))
                .as(dockerfile + " carries Tesseract").isEqualTo(tesseract);
        assertThat(finalStage.stream().anyMatch(line -> line.startsWith("HEALTHCHECK ")))
                .as(dockerfile + " has a HEALTHCHECK").isEqualTo(healthcheck);
        if (healthcheck) {
            assertThat(String.join("\n", finalStage)).contains("http://localhost:9000/q/health/live");
        }
    }

    @Test
    void theNativeImagesAreBuiltByMandrelFromTheNativeProfile() throws IOException {
        for (String dockerfile : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            String text = Files.readString(DEPLOY.resolve(dockerfile));
            assertThat(text).contains("FROM quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21 AS build")
                    .contains("./mvnw -B -ntp package -Pnative");
        }
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<id>native</id>")
                .contains("<quarkus.native.enabled>true</quarkus.native.enabled>");
    }

    /**
     * Every JVM image serves traffic on JDK 25 with the full JIT: C1 alone cost 2.8 times the CPU of every request
     * (issue 24), and JDK 25 1.7 times less than 17 with a data URL.
     */
    @ParameterizedTest
    @ValueSource(strings = { "Dockerfile.jvm", "Dockerfile.jvm-aot" })
    void theJvmImagesRunJdk25WithTheFullJit(String dockerfile) throws IOException {
        String text = Files.readString(DEPLOY.resolve(dockerfile));

        assertThat(text).containsPattern("(?m)^(FROM|ARG JDK_IMAGE=) ?eclipse-temurin:25[.0-9_]*-j(re|dk)-");
        assertThat(text).doesNotContain("TieredStopAtLevel").doesNotContain("TieredCompilation");
        Matcher options = Pattern.compile("(?m)^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\"$").matcher(text);
        assertThat(options.find()).as(dockerfile + " sets JDK_JAVA_OPTIONS").isTrue();
        assertThat(options.group(1).split(" ")).contains("-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
                "-Djdk.nio.maxCachedBufferSize=262144");
    }

    @Test
    void theAotImageTrainsItsCacheOnTheJdkAndAtThePathItRunsWith() throws IOException {
        List<String> lines = Files.readAllLines(DEPLOY.resolve("Dockerfile.jvm-aot"));
        String text = String.join("\n", lines);
        assertThat(lines).filteredOn(line -> line.startsWith("FROM "))
                .containsExactly("FROM ${JDK_IMAGE} AS build", "FROM ${JDK_IMAGE}");
        assertThat(text).containsPattern("(?m)^ARG JDK_IMAGE=eclipse-temurin:25[.0-9_]*-jdk-")
                .contains("RUN ./mvnw -B -ntp verify -Paot");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<id>aot</id>");

        // the app runs from the path its cache was trained at, copied with it from the build stage
        List<String> workdirs = lines.stream().filter(line -> line.startsWith("WORKDIR ")).map(line -> line.substring(8))
                .toList();
        assertThat(workdirs).hasSize(2);
        assertThat(workdirs.get(1)).isEqualTo(workdirs.get(0) + "/target/quarkus-app");
        assertThat(lines).contains("COPY --from=build " + workdirs.get(1) + "/ ./");

        // the image starts with the cache, and with the heap and collector the integration tests trained it with
        List<String> flags = AotCacheCheck.imageJavaFlags();
        assertThat(flags).contains("-XX:AOTCache=app.aot", "-XX:AOTMode=on");
        String argLine = Files.readAllLines(Path.of("src/main/resources/application.properties")).stream()
                .filter(line -> line.startsWith("quarkus.test.arg-line=")).findFirst().orElseThrow()
                .substring("quarkus.test.arg-line=".length());
        assertThat(flags).contains("-Xmx192m", "-XX:+UseParallelGC");
        assertThat(argLine.split(" ")).contains("-Xmx192m", "-XX:+UseParallelGC");
    }

    /** The sources of the COPY instructions that read the build context (not {@code --from} another stage). */
    private static List<String> contextSources(List<String> lines) {
        List<String> sources = new ArrayList<>();
        String joined = String.join("\n", lines).replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            if (!line.startsWith("COPY ") || line.contains("--from=")) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
            words.remove(0);
            words.removeIf(word -> word.startsWith("--"));
            sources.addAll(words.subList(0, words.size() - 1));
        }
        return sources;
    }

    private static int lastIndexStartingWith(List<String> lines, String prefix) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix + "line");
    }

    /**
     * Docker's reading of .dockerignore: patterns in order, the last one that matches a path or one of its parent
     * directories decides, {@code !} lets a path back in; {@code *} and {@code ?} stay within a path segment.
     */
    record DockerIgnore(List<String> patterns) {

        static DockerIgnore read(Path file) throws IOException {
            return new DockerIgnore(Files.readAllLines(file).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        }

        boolean inContext(String path) {
            boolean excluded = false;
            for (String pattern : patterns) {
                boolean reinclude = pattern.startsWith("!");
                Pattern regex = regex(reinclude ? pattern.substring(1) : pattern);
                if (matchesOrParentMatches(regex, path)) {
                    excluded = !reinclude;
                }
            }
            return !excluded;
        }

        private static boolean matchesOrParentMatches(Pattern regex, String path) {
            for (String candidate = path; !candidate
                    .isEmpty(); candidate = candidate.contains("/") ? candidate.substring(0, candidate.lastIndexOf('/')) : "") {
                if (regex.matcher(candidate).matches()) {
                    return true;
                }
            }
            return false;
        }

        private static Pattern regex(String glob) {
            StringBuilder regex = new StringBuilder();
            String clean = glob.replaceAll("^/+", "").replaceAll("/+$", "");
            for (int i = 0; i < clean.length(); i++) {
                char c = clean.charAt(i);
                if (c == '*' && i + 1 < clean.length() && clean.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else if (c == '*') {
                    regex.append("[^/]*");
                } else if (c == '?') {
                    regex.append("[^/]");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString());
        }
    }
}
