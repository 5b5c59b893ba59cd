package dev.visiongateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The router's request body is written with long plain strings copied as they are: the bytes must be exactly those
 * Jackson writes itself, whatever the strings hold and wherever in an eight-byte word the character that needs
 * escaping falls.
 */
class JsonBodyTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aDataUrlIsWrittenAsJacksonWritesIt() throws Exception {
        byte[] image = new byte[90_000];
        new Random(7).nextBytes(image);
        ObjectNode request = (ObjectNode) json.readTree("""
                {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What is in this picture?"},
                  {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,%s"}}]}]}"""
                .formatted(Base64.getEncoder().encodeToString(image)));

        byte[] written = JsonBody.of(json, request).bytes();

        assertThat(written).isEqualTo(json.writeValueAsBytes(request));
        assertThat(json.readTree(written)).isEqualTo(request);
    }

    @Test
    void longStringsThatNeedEscapingAreEscapedAtEveryPosition() throws Exception {
        List<String> needing = List.of("\"", "\\", "\n", "\u0000", "\u001f", "é", "\u2028", "😀", "\u007f");
        for (String special : needing) {
            for (int at = 0; at < 16; at++) {
                String text = "a".repeat(JsonBody.RAW_FROM + at) + special + "b".repeat(at);
                Map<String, Object> request = Map.of("text", text, "short", special);

                byte[] written = JsonBody.of(json, request).bytes();

                assertThat(written).as("%s at %d", special, at).isEqualTo(json.writeValueAsBytes(request));
            }
        }
    }

    @Test
    void onlyPrintableAsciiWithoutQuoteOrBackslashIsLeftAsItIs() {
        for (int length = 0; length < 24; length++) {
            byte[] plain = "x".repeat(length).getBytes(StandardCharsets.US_ASCII);
            assertThat(JsonBody.needsNoEscaping(plain)).isTrue();
            for (int at = 0; at < length; at++) {
                for (int bad : new int[] { '"', '\\', 0x00, 0x1F, 0x80, 0xC3, 0xFF }) {
                    byte[] text = plain.clone();
                    text[at] = (byte) bad;
                    assertThat(JsonBody.needsNoEscaping(text)).as("0x%02x at %d of %d", bad, at, length).isFalse();
                }
                byte[] edge = plain.clone();
                edge[at] = 0x7F;
                assertThat(JsonBody.needsNoEscaping(edge)).as("DEL at %d", at).isTrue();
                edge[at] = ' ';
                assertThat(JsonBody.needsNoEscaping(edge)).as("space at %d", at).isTrue();
            }
        }
    }
}
