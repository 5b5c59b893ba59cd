package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.visiongateway.support.AppProcess;
import io.fabric8.kubernetes.api.model.Quantity;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The hostile image tests against the packaged app, launched with the pod's heap (-Xmx192m, from
 * {@code quarkus.test.arg-line}); after them (and after every integration test that ran before them in the same
 * launch, the phone photos among them), the app's peak resident memory, native buffers included, must stay within 80%
 * of the JVM pod's memory limit, read from its manifest: the line bench/soak holds the pod to.
 */
@QuarkusIntegrationTest
class HostileImagesIT extends HostileImagesTest {

    static final Path POD_RESOURCES = Path.of("k8s/overlays/jvm/resources.yaml");

    @Override
    Duration bombRefusedWithin() {
        return Duration.ofSeconds(2);
    }

    @Override
    Duration normalAnsweredWithin() {
        return Duration.ofSeconds(1);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void thePeakResidentMemoryStayedUnderThePodLimit() {
        assertThat(AppProcess.commandLine()).hasValueSatisfying(command -> assertThat(command).contains("-Xmx192m"));
        assertThat(AppProcess.environment("MALLOC_ARENA_MAX")).hasValue("2");
        OptionalLong peak = AppProcess.peakResidentBytes();
        assertThat(peak).isPresent();
        System.out.printf("peak RSS of the packaged app at -Xmx192m: %d MiB (80%% of the pod's limit: %d MiB)%n",
                peak.getAsLong() / (1024 * 1024), podMemoryLimit() * 80 / 100 / (1024 * 1024));
        assertThat(peak.getAsLong()).isLessThan(podMemoryLimit() * 80 / 100);
    }

    static long podMemoryLimit() {
        try (InputStream patch = Files.newInputStream(POD_RESOURCES)) {
            String limit = new ObjectMapper(new YAMLFactory()).readTree(patch)
                    .at("/spec/template/spec/containers/0/resources/limits/memory").asText();
            return Quantity.getAmountInBytes(new Quantity(limit)).longValueExact();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the pod's memory limit from " + POD_RESOURCES, e);
        }
    }
}
