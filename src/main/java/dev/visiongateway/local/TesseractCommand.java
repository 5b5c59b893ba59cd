package dev.visiongateway.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import dev.visiongateway.problem.ErrorCode;
import dev.visiongateway.problem.GatewayProblem;

/**
 * The {@code tesseract} program as a child process: started with a minimal environment, waited for until a deadline,
 * killed with its children on timeout or cancellation, and its installed languages listed once.
 */
final class TesseractCommand {

    private static final Logger LOG = Logger.getLogger(TesseractCommand.class);
    private static final String INSTALL = "sudo apt-get install -y tesseract-ocr tesseract-ocr-eng";

    /**
     * What Tesseract may see of the gateway's environment: where programs are, its data and the locale. Nothing
     * else, above all not GATEWAY_ROUTER_API_KEY: the engine reads client images and has no use for secrets.
     */
    private static final List<String> PASSED_ON = List.of("PATH", "TESSDATA_PREFIX", "LANG", "LC_ALL");

    private final LocalConfig config;
    private final Map<String, String> environment;
    private final AtomicReference<Set<String>> languages = new AtomicReference<>();

    /** {@code gatewayEnvironment}: the environment the child's is taken from (the process's own, or a test's). */
    TesseractCommand(LocalConfig config, Map<String, String> gatewayEnvironment) {
        this.config = config;
        this.environment = childEnvironment(gatewayEnvironment);
    }

    void run(List<String> command, Path log, AtomicReference<Process> running,
            BooleanSupplier cancelled, long deadline) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process = start(builder);
        running.set(process);
        process.getOutputStream().close();
        if (cancelled.getAsBoolean()) {
            kill(process);
            throw new GatewayProblem(ErrorCode.CANCELLED, "The client went away.", null, null);
        }
        try {
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new GatewayProblem(ErrorCode.OCR_TIMEOUT, "OCR took longer than " + config.timeout().toSeconds()
                        + " s and was stopped; send a smaller or clearer image.", null, null);
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new GatewayProblem(ErrorCode.CANCELLED, "The client went away.", null, null);
        }
        if (process.exitValue() != 0) {
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            LOG.warnf("tesseract exited with %d: %s", process.exitValue(), output);
            throw new GatewayProblem(ErrorCode.OCR_FAILED, "Tesseract failed (exit " + process.exitValue() + "): "
                    + lastLine(output), null, null);
        }
    }

    /** The installed traineddata; asked once, then cached. */
    Set<String> languages() {
        Set<String> known = languages.get();
        if (known != null) {
            return known;
        }
        try {
            Process process = start(new ProcessBuilder(config.tesseractPath(), "--list-langs").redirectErrorStream(true));
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                kill(process);
                throw missing("'" + config.tesseractPath() + " --list-langs' failed: " + lastLine(output.strip()));
            }
            Set<String> installed = new LinkedHashSet<>();
            output.lines().skip(1).map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.equals("osd") && !line.contains(" "))
                    .forEach(installed::add);
            languages.set(Set.copyOf(installed));
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayProblem(ErrorCode.CANCELLED, "The client went away.", null, null);
        }
    }

    /** The child's whole environment: the few variables it needs, and one core for OpenMP. */
    static Map<String, String> childEnvironment(Map<String, String> gatewayEnvironment) {
        Map<String, String> child = new HashMap<>();
        for (String name : PASSED_ON) {
            String value = gatewayEnvironment.get(name);
            if (value != null) {
                child.put(name, value);
            }
        }
        child.put("OMP_THREAD_LIMIT", "1");
        return Map.copyOf(child);
    }

    private Process start(ProcessBuilder builder) {
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw missing("'" + config.tesseractPath() + "' cannot be run (" + e.getMessage() + ")");
        }
    }

    private static GatewayProblem missing(String why) {
        return GatewayProblem.of(ErrorCode.OCR_ENGINE_MISSING, null, "The local OCR engine is not available: " + why
                + ". Install Tesseract (" + INSTALL + ") or set gateway.local.tesseract-path, or name a router model.");
    }

    /** Kills a process and everything it started (a wrapper script's children included). */
    static void kill(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static String lastLine(String output) {
        String[] lines = output.split("\n");
        return lines.length == 0 || lines[lines.length - 1].isBlank() ? "no output" : lines[lines.length - 1];
    }
}
