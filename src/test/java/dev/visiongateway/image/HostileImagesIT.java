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
 * {@code quarkus.test.arg-line}); after them, the app's peak resident memory must be under the pod's 384 MiB
 * limit, native buffers included.
 */
@QuarkusIntegrationTest
class HostileImagesIT extends HostileImagesTest {

    static final long POD_MEMORY_LIMIT = 384L * 1024 * 1024;

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
        System.out.printf("peak RSS of the packaged app at -Xmx192m: %d MiB%n", peak.getAsLong() / (1024 * 1024));
        assertThat(peak.getAsLong()).isLessThan(POD_MEMORY_LIMIT);
    }
}
