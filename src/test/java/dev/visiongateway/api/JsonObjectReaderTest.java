package dev.visiongateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.visiongateway.vision.DataUrlNode;

/**
 * The chat request reader builds the tree Jackson builds, except that a long data URL stays the body's bytes: the
 * same values, the same JSON written back, byte for byte, and the same refusals.
 */
class JsonObjectReaderTest {

    private final ObjectMapper json = new ObjectMapper();
    private final JsonObjectReader reader = new JsonObjectReader(json);

    @Test
    void aLongDataUrlStaysTheBodysBytesAndIsWrittenAsJacksonWritesIt() throws Exception {
        String url = "data:image/jpeg;base64," + base64(90_000);
        byte[] body = chat(url).getBytes(StandardCharsets.UTF_8);

        ObjectNode tree = reader.read(body);

        JsonNode read = tree.at("/messages/0/content/1/image_url/url");
        assertThat(read).isInstanceOf(DataUrlNode.class);
        assertThat(read.isTextual()).isTrue();
        assertThat(read.asText()).isEqualTo(url);
        ObjectNode jacksons = (ObjectNode) json.readTree(body);
        assertThat(json.writeValueAsBytes(tree)).isEqualTo(json.writeValueAsBytes(jacksons));
        assertThat(json.writeValueAsString(tree)).isEqualTo(json.writeValueAsString(jacksons));
        assertThat(tree.toString()).isEqualTo(jacksons.toString());
    }

    /** A string that JSON escapes, or that is short, or that is no data URL, is read as Jackson reads it. */
    @Test
    void otherStringsAreJacksonsOwn() throws Exception {
        String base64 = base64(3_000);
        for (String url : new String[] { "data:image/png;base64,AAAA", "https://example.com/" + base64,
                "data:image\\/png;base64," + base64, "data:image/png;base64," + base64 + "\\u0041",
                "data:image/png;base64,\u00e9" + base64, "DATA:image/png;base64," + base64 + "\\n" }) {
            byte[] body = chat(url).getBytes(StandardCharsets.UTF_8);

            JsonNode read = reader.read(body).at("/messages/0/content/1/image_url/url");

            assertThat(read).as(url).isInstanceOf(TextNode.class)
                    .isEqualTo(json.readTree(body).at("/messages/0/content/1/image_url/url"));
        }
        JsonNode upperCase = reader.read(chat("DATA:image/png;base64," + base64).getBytes(StandardCharsets.UTF_8))
                .at("/messages/0/content/1/image_url/url");
        assertThat(upperCase).isInstanceOf(DataUrlNode.class);
        assertThat(upperCase.asText()).isEqualTo("DATA:image/png;base64," + base64);
    }

    @Test
    void everyKindOfValueIsJacksonsOwn() throws Exception {
        String body = """
                {"model": "m", "n": 1, "big": 12345678901234, "bigger": 123456789012345678901234567890,
                 "temperature": 0.25, "tiny": 1e-300, "stream": true, "logprobs": false, "user": null,
                 "empty": {}, "list": [], "nested": [[1, [2, {"a": [3]}]], {"b": {"c": "d"}}],
                 "text": "caf\\u00e9 \\"quoted\\" \\\\ line\\nbreak \u20ac", "model": "last wins"}""";

        ObjectNode tree = reader.read(body.getBytes(StandardCharsets.UTF_8));

        assertThat(tree).isEqualTo(json.readTree(body));
        assertThat(tree.get("model").asText()).isEqualTo("last wins");
        assertThat(tree.get("big").isLong()).isTrue();
        assertThat(tree.get("bigger").isBigInteger()).isTrue();
    }

    @Test
    void refusesWhatJacksonRefuses() throws Exception {
        assertThat(reader.read(new byte[0])).isNull();
        assertThat(reader.read("  \n".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThatThrownBy(() -> reader.read("[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("from Array value");
        assertThatThrownBy(() -> reader.read("\"text\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MismatchedInputException.class);
        String cut = chat("data:image/png;base64," + base64(3_000));
        for (String malformed : new String[] { "{\"model\": ", "{\"a\": 1,}", cut.substring(0, cut.length() - 10),
                cut.substring(0, cut.indexOf("base64,") + 2_000), "{\"a\": tru}" }) {
            assertThatThrownBy(() -> reader.read(malformed.getBytes(StandardCharsets.UTF_8))).as(malformed)
                    .isInstanceOf(StreamReadException.class);
        }
    }

    private static String chat(String url) {
        return """
                {"model": "openai/gpt-4o", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What is in this picture?"},
                  {"type": "image_url", "image_url": {"url": "%s", "detail": "low"}}]}]}""".formatted(url);
    }

    private static String base64(int bytes) {
        byte[] image = new byte[bytes];
        new Random(bytes).nextBytes(image);
        return Base64.getEncoder().encodeToString(image);
    }
}
