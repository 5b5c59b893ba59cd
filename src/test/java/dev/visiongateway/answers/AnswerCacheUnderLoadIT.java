package dev.visiongateway.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.visiongateway.support.AppProcess;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The answer cache under concurrency against the packaged app at the pod's heap, within the pod's memory. */
@QuarkusIntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnswerCacheUnderLoadIT extends AnswerCacheUnderLoadTest {

    /** After the load above (the launch's peak so far), once: a second load would find every image known. */
    @Test
    @Order(Integer.MAX_VALUE)
    void thePeakResidentMemoryStayedUnderThePodLimit() {
        assertThat(AppProcess.commandLine()).hasValueSatisfying(command -> assertThat(command).contains("-Xmx192m"));
        OptionalLong peak = AppProcess.peakResidentBytes();
        assertThat(peak).isPresent();
        long line = AppProcess.podMemoryLimit() * 80 / 100;
        System.out.printf("answer cache under load: peak RSS %d MiB (line %d MiB)%n", peak.getAsLong() >> 20,
                line >> 20);
        assertThat(peak.getAsLong()).isLessThan(line);
    }
}
