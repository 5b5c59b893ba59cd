package dev.visiongateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Unknown language hints are client text: warned about once each, as one printable line, and never without bound. */
class LanguageWarningsTest {

    private final LanguageWarnings warnings = new LanguageWarnings();

    @Test
    void warnsOncePerHint() {
        assertThat(warnings.firstTime("fr", "eng")).contains(
                "OCR language 'fr' is not installed; reading with eng (install tesseract-ocr-<code>)");
        assertThat(warnings.firstTime("fr", "eng")).isEmpty();
    }

    @Test
    void aHintReachesTheLogAsOnePrintableShortLine() {
        String warning = warnings.firstTime("\u001b[2J\u001b[31mxx\r\n12:00:00 ERROR forged" + "x".repeat(200), "eng")
                .orElseThrow();

        assertThat(warning).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\n")
                .contains("'?[2J?[31mxx??12:00:00 ERROR forg...'");
    }

    @Test
    void rememberedHintsAreBounded() {
        List<Optional<String>> said = IntStream.range(0, 10_000)
                .mapToObj(i -> warnings.firstTime("invented-" + i, "eng")).toList();

        assertThat(said.stream().filter(Optional::isPresent)).hasSize(LanguageWarnings.MAX_REMEMBERED);
        assertThat(warnings.remembered()).isEqualTo(LanguageWarnings.MAX_REMEMBERED);
    }
}
