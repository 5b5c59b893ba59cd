package dev.visiongateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Warnings become X-Gateway-Warning headers, which must hold no line break or other control character. */
class ResponseBodiesTest {

    @Test
    void warningsAreWrittenAsPrintableHeaderValues() {
        Map<String, List<String>> headers = ResponseBodies.withWarnings(Map.of("Content-Type", List.of("application/json")),
                List.of("Image 1 was declared as image/png\r\nX-Injected: yes but its bytes are JPEG.", "plain"));

        assertThat(headers.get(ResponseBodies.WARNING_HEADER))
                .containsExactly("Image 1 was declared as image/png??X-Injected: yes but its bytes are JPEG.", "plain");
        assertThat(headers).containsEntry("Content-Type", List.of("application/json"));
    }
}
