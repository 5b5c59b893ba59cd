package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Whoever clones the repository gets everything its files refer to: the design lives in docs/ARCHITECTURE.md,
 * and no file points at a folder beside the clone.
 */
class StandaloneRepositoryTest {

    private static final Set<String> NOT_OURS = Set.of(".git", "target", "node_modules");
    // spelled in pieces so that this file does not match itself
    private static final Pattern OUTSIDE = Pattern.compile("(\\.\\./|\\b)" + "shared" + "/|DESIGN" + "\\.md");

    @Test
    void noFileReferencesTheFirstBriefOrAFolderBesideTheClone() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            offenders = files.filter(Files::isRegularFile)
                    .filter(file -> file.normalize().getNameCount() == 0
                            || !NOT_OURS.contains(file.normalize().getName(0).toString()))
                    .filter(StandaloneRepositoryTest::refersOutside)
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).as("files that point outside the repository").isEmpty();
    }

    @Test
    void theArchitectureTheCodeCitesIsInTheRepository() throws IOException {
        String architecture = Files.readString(Path.of("docs/ARCHITECTURE.md"));
        for (String section : List.of("## 2. The API", "## 5. Offline engine", "## 6. Rules", "## 7. Configuration")) {
            assertThat(architecture).contains(section);
        }
        for (int rule = 1; rule <= 14; rule++) {
            assertThat(architecture).containsPattern("(?m)^" + rule + "\\. \\*\\*");
        }
    }

    private static boolean refersOutside(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return OUTSIDE.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).find();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
