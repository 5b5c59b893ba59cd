package dev.visiongateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The packaged app an integration test runs against, seen from outside: Linux's /proc tells its peak resident
 * memory, which is what the pod's memory limit is checked against.
 */
public final class AppProcess {

    private AppProcess() {
    }

    /**
     * The peak RSS (VmHWM) in bytes of this build's packaged app ({@code target/quarkus-app/quarkus-run.jar}, one
     * at a time), or empty when this is not Linux or no such process runs ({@code @QuarkusTest}).
     */
    public static OptionalLong peakResidentBytes() {
        return find().map(process -> OptionalLong.of(peakResident(process))).orElse(OptionalLong.empty());
    }

    /** The command line of this build's packaged app, with spaces between its arguments. */
    public static Optional<String> commandLine() {
        return find().map(AppProcess::commandLine);
    }

    /** The value of an environment variable of this build's packaged app. */
    public static Optional<String> environment(String name) {
        return find().flatMap(process -> {
            try {
                String environ = new String(Files.readAllBytes(process.resolve("environ")), StandardCharsets.UTF_8);
                return Stream.of(environ.split("\0")).filter(entry -> entry.startsWith(name + "="))
                        .map(entry -> entry.substring(name.length() + 1)).findFirst();
            } catch (IOException gone) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Path> find() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return Optional.empty();
        }
        // the port is no clue: tests start the app with port 0 and read the one it took from its log
        String jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString();
        try (Stream<Path> processes = Files.list(proc)) {
            return processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(dir -> commandLine(dir).contains(jar))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    private static long peakResident(Path process) {
        try {
            for (String line : Files.readAllLines(process.resolve("status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended
        }
        return 0;
    }

    private static final Path POD_RESOURCES = Path.of("k8s/overlays/jvm/resources.yaml");

    /** The JVM pod's memory limit in bytes, read from its manifest ({@code k8s/overlays/jvm/resources.yaml}). */
    public static long podMemoryLimit() {
        try (InputStream patch = Files.newInputStream(POD_RESOURCES)) {
            String limit = new ObjectMapper(new YAMLFactory()).readTree(patch)
                    .at("/spec/template/spec/containers/0/resources/limits/memory").asText();
            return Quantity.getAmountInBytes(new Quantity(limit)).longValueExact();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the pod's memory limit from " + POD_RESOURCES, e);
        }
    }
}
