package dev.visiongateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The packaged app an integration test runs against, seen from outside: Linux's /proc tells its peak resident
 * memory, which is what the pod's memory limit is checked against.
 */
public final class AppProcess {

    private AppProcess() {
    }

    /**
     * The peak RSS (VmHWM) in bytes of the packaged app listening on {@code port}, or empty when this is not Linux
     * or the app runs inside the test's own JVM ({@code @QuarkusTest}).
     */
    public static OptionalLong peakResidentBytes(int port) {
        return find(port).map(process -> OptionalLong.of(peakResident(process))).orElse(OptionalLong.empty());
    }

    /** The command line of the packaged app listening on {@code port}, with spaces between its arguments. */
    public static Optional<String> commandLine(int port) {
        return find(port).map(AppProcess::commandLine);
    }

    private static Optional<Path> find(int port) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return Optional.empty();
        }
        String portFlag = "-Dquarkus.http.port=" + port + " ";
        try (Stream<Path> processes = Files.list(proc)) {
            return processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(dir -> commandLine(dir).contains("quarkus-run.jar")
                            && commandLine(dir).contains(portFlag))
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
}
