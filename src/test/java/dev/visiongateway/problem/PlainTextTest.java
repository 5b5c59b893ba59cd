package dev.visiongateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text from outside reaches a log line or a header as one printable line of bounded length. */
class PlainTextTest {

    @Test
    void controlAndFormatCharactersBecomeQuestionMarks() {
        assertThat(PlainText.line("de\u001b[31m\r\nFAKE LOG LINE\t\u0000\u007f\u0085\u202e\u2028end", 100))
                .isEqualTo("de?[31m??FAKE LOG LINE??????end");
    }

    @Test
    void printableTextIsKeptAndLongTextIsCut() {
        assertThat(PlainText.line("Bücher, 例え, emoji \uD83D\uDE00", 100)).isEqualTo("Bücher, 例え, emoji \uD83D\uDE00");
        assertThat(PlainText.line("x".repeat(500), 20)).isEqualTo("x".repeat(20) + "...");
        // a cut never splits a surrogate pair
        assertThat(PlainText.line("\uD83D\uDE00".repeat(5), 2)).isEqualTo("\uD83D\uDE00\uD83D\uDE00...");
        assertThat(PlainText.line(null, 10)).isNull();
    }
}
