package dev.visiongateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** Language hints become traineddata that is installed, or the default language. */
class OcrLanguagesTest {

    private static final Set<String> INSTALLED = Set.of("eng", "deu", "chi_sim");

    @Test
    void mapsIsoCodesTagsAndTesseractNames() {
        assertThat(OcrLanguages.choose("de", INSTALLED, "eng").tesseractLanguages()).isEqualTo("deu");
        assertThat(OcrLanguages.choose("de-AT", INSTALLED, "eng").tesseractLanguages()).isEqualTo("deu");
        assertThat(OcrLanguages.choose("deu", INSTALLED, "eng").tesseractLanguages()).isEqualTo("deu");
        assertThat(OcrLanguages.choose("zh-CN", INSTALLED, "eng").tesseractLanguages()).isEqualTo("chi_sim");
        assertThat(OcrLanguages.choose("en+de", INSTALLED, "eng").tesseractLanguages()).isEqualTo("eng+deu");
    }

    @Test
    void fallsBackToTheDefaultAndNamesWhatIsMissing() {
        OcrLanguages.Choice choice = OcrLanguages.choose("fr, de", INSTALLED, "eng");
        assertThat(choice.tesseractLanguages()).isEqualTo("deu");
        assertThat(choice.unavailable()).containsExactly("fr");

        assertThat(OcrLanguages.choose("xx", INSTALLED, "eng").tesseractLanguages()).isEqualTo("eng");
        assertThat(OcrLanguages.choose(null, INSTALLED, "eng").tesseractLanguages()).isEqualTo("eng");
        assertThat(OcrLanguages.choose("  ", INSTALLED, "eng").unavailable()).isEmpty();
    }
}
