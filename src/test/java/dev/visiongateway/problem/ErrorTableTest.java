package dev.visiongateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Clients branch on the codes: the README's error table must name exactly the codes the gateway answers with. */
class ErrorTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\|(.*)\\|$", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");

    @Test
    void readmeErrorTableListsEveryCodeWithItsStatus() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String errors = readme.substring(readme.indexOf("### Errors"));
        errors = errors.substring(0, errors.indexOf("\n#"));
        Map<Integer, TreeSet<String>> documented = new TreeMap<>();
        Matcher row = ROW.matcher(errors);
        while (row.find()) {
            Matcher code = CODE.matcher(row.group(2));
            TreeSet<String> codes = documented.computeIfAbsent(Integer.parseInt(row.group(1)), status -> new TreeSet<>());
            while (code.find()) {
                // settings and headers in the same cells (`Retry-After`) carry '-' or '.', so they never match
                codes.add(code.group(1));
            }
        }
        Map<Integer, TreeSet<String>> answered = Arrays.stream(ErrorCode.values()).collect(Collectors.groupingBy(
                ErrorCode::status, TreeMap::new, Collectors.mapping(ErrorCode::id, Collectors.toCollection(TreeSet::new))));

        assertThat(documented).isEqualTo(answered);
    }
}
