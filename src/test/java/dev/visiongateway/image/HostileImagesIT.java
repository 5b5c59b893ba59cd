package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.AppProcess;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The hostile image tests against the packaged app, launched with the pod's heap (-Xmx192m, from
 * {@code quarkus.test.arg-line}); after them (and after every integration test that ran before them in the same
 * launch, the phone photos among them), the app's peak resident memory, native buffers included, must stay within 80%
 * of the JVM pod's memory limit, read from its manifest: the line bench/soak holds the pod to.
 */
@QuarkusIntegrationTest
class HostileImagesIT extends HostileImagesTest {

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
                peak.getAsLong() / (1024 * 1024), AppProcess.podMemoryLimit() * 80 / 100 / (1024 * 1024));
        assertThat(peak.getAsLong()).isLessThan(AppProcess.podMemoryLimit() * 80 / 100);
    }
}
