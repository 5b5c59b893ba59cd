package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The AOT cache of the -Paot build is trained by the integration tests listed in pom.xml ({@code aot.training-tests}),
 * and the JVM records one launch of the jar into one cache: Quarkus' launcher writes app.aot each time a recorded
 * launch stops, so a listed test that needed a launch of its own (another test profile or resource) would replace
 * the cache with its narrower one, and a test left off the list would not teach the cache what it exercises. The
 * list is therefore exactly the *IT classes that share the launch of DescribeIT (the router stub, no profile).
 */
class AotTrainingTest {

    private static final Path TESTS = Path.of("src/test/java");

    @Test
    void theTrainingTestsAreExactlyTheIntegrationTestsOfTheRouterLaunch() throws IOException {
        Launch training = Launch.of(type("api.DescribeIT"));
        assertThat(training.profile()).as("the launcher records only launches without a test profile").isEmpty();

        Set<String> sharingTheLaunch = new TreeSet<>();
        Set<String> others = new TreeSet<>();
        for (Class<?> test : integrationTests()) {
            (Launch.of(test).equals(training) ? sharingTheLaunch : others).add(test.getSimpleName());
        }

        assertThat(trainingListInPom()).isEqualTo(sharingTheLaunch);
        assertThat(sharingTheLaunch).as("the training covers describe, compare/ocr, chat and the catalog")
                .contains("DescribeIT", "CompareAndOcrIT", "ChatCompletionsIT", "ModelCatalogIT");
        assertThat(others).as("tests in launches of their own, run but not recorded").contains("StreamingIT", "NoRouterIT");
    }

    @Test
    void aLaunchIsToldApartByProfileAndResources() {
        Launch describe = Launch.of(type("api.DescribeIT"));
        assertThat(Launch.of(type("catalog.ModelCatalogIT"))).isEqualTo(describe);
        // another resource (the scripted router), a test profile, no resource at all
        assertThat(Launch.of(type("vision.StreamingIT"))).isNotEqualTo(describe);
        assertThat(Launch.of(type("api.MultipartIT"))).isNotEqualTo(describe);
        assertThat(Launch.of(type("api.NoRouterIT"))).isNotEqualTo(describe);
    }

    /** The simple names of the classes pom.xml lists in the aot profile's {@code aot.training-tests}. */
    static Set<String> trainingListInPom() throws IOException {
        Matcher matcher = Pattern.compile("<aot\\.training-tests>([^<]*)</aot\\.training-tests>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(matcher.find()).as("pom.xml defines aot.training-tests").isTrue();
        return Arrays.stream(matcher.group(1).split(",")).map(String::strip)
                .peek(pattern -> assertThat(pattern).matches("\\*\\*/\\w+IT\\.java"))
                .map(pattern -> pattern.substring(3, pattern.length() - ".java".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Class<?>> integrationTests() throws IOException {
        List<Class<?>> tests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("IT.java")).toList()) {
                String name = TESTS.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                Class<?> test = type(name.substring("dev.visiongateway.".length()));
                if (test.isAnnotationPresent(QuarkusIntegrationTest.class)) {
                    tests.add(test);
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(10);
        return tests;
    }

    /** A test class by its name under dev.visiongateway (the *IT classes are package-private). */
    private static Class<?> type(String name) {
        try {
            return Class.forName("dev.visiongateway." + name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("not compiled: " + name, e);
        }
    }

    /**
     * What makes Quarkus start the jar anew for a test class: its test profile and the test resources restricted to
     * matching classes (global ones are shared by all).
     */
    record Launch(List<String> profile, Set<String> resources) {

        static Launch of(Class<?> test) {
            List<String> profile = new ArrayList<>();
            Set<String> resources = new TreeSet<>();
            for (Class<?> type = test; type != null && type != Object.class; type = type.getSuperclass()) {
                for (Annotation annotation : type.getDeclaredAnnotations()) {
                    if (annotation instanceof TestProfile testProfile) {
                        profile.add(testProfile.value().getName());
                    }
                }
                for (WithTestResource resource : type.getDeclaredAnnotationsByType(WithTestResource.class)) {
                    if (resource.scope() != TestResourceScope.GLOBAL) {
                        resources.add(resource.value().getName());
                    }
                }
            }
            return new Launch(profile, resources);
        }
    }
}
