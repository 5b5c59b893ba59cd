package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.visiongateway.problem.GatewayProblem;

/** Data URLs are decoded from their bytes: every length and padding decodes exactly as the JDK's decoder would. */
class DataUrlDecoderTest {

    @Test
    void decodesEveryLengthAroundTheSliceBoundariesExactly() {
        Random random = new Random(42);
        for (int size : new int[] { 1, 2, 3, 4, 5, 49_151, 49_152, 49_153, 98_304, 98_305, 1_000_001 }) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            for (Base64.Encoder encoder : new Base64.Encoder[] { Base64.getEncoder(), Base64.getEncoder().withoutPadding() }) {
                DataUrlDecoder.Decoded decoded = DataUrlDecoder.decode(DataUrlText.unchecked(
                        "data:image/png;base64," + encoder.encodeToString(bytes)), "images[0].url");
                assertThat(decoded.bytes()).as("%d bytes", size).isEqualTo(bytes);
            }
        }
    }

    @Test
    void refusesWhatTheJdkDecoderRefuses() {
        String valid = Base64.getEncoder().encodeToString(new byte[200_000]);
        for (String payload : new String[] { "A", "AB=C", valid.substring(0, 65_536 - 2) + "==" + valid.substring(65_536),
                valid + "=", valid.replace('A', 'Ł'), "QUJD\r\nREVG", "" }) {
            assertThatThrownBy(() -> DataUrlDecoder.decode(
                    DataUrlText.unchecked("data:image/png;base64," + payload), "images[0].url"))
                    .isInstanceOf(GatewayProblem.class)
                    .extracting(problem -> ((GatewayProblem) problem).code().id()).isEqualTo("invalid_data_url");
        }
    }

    /**
     * What the decoder accepts is written into the router's body as its bytes (DataUrlText), so it must not hold a
     * character that JSON escapes: a quote or backslash in the media type, or one beyond ISO-8859-1 (which becomes
     * '?' in the bytes) is refused.
     */
    @Test
    void acceptsOnlyUrlsThatAreTheirOwnJsonText() {
        String payload = Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3 });
        for (String header : new String[] { "data:image/png;name=\"a\";base64,", "data:image/png\\;base64,",
                "data:image/p\u4e00g;base64," }) {
            assertThatThrownBy(() -> DataUrlDecoder.decode(DataUrlText.unchecked(header + payload), "images[0].url"))
                    .as(header)
                    .isInstanceOf(GatewayProblem.class)
                    .hasMessageContaining("control or non-ASCII characters, quotes or backslashes");
        }
        DataUrlText accepted = DataUrlText.unchecked("data:image/png;base64," + payload);
        DataUrlDecoder.decode(accepted, "images[0].url");
        assertThat(DataUrlText.plainLength(accepted.toString().getBytes(StandardCharsets.ISO_8859_1), 0,
                accepted.length())).isEqualTo(accepted.length());
    }

    /** Characters beyond ISO-8859-1, a surrogate pair among them, are refused as any bad character, not a crash. */
    @Test
    void refusesCharactersBeyondLatin1AnywhereInTheUrl() {
        for (String url : new String[] { "data:\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", "data:\uD83D\uDE00,",
                "data:image/png;base64,QUJD\uD83D\uDE00", "data:image/p\u0100g;base64,QUJD" }) {
            assertThatThrownBy(() -> DataUrlDecoder.decode(DataUrlText.unchecked(url), "images[0].url")).as(url)
                    .isInstanceOf(GatewayProblem.class)
                    .extracting(problem -> ((GatewayProblem) problem).code().id()).isEqualTo("invalid_data_url");
        }
    }
}
