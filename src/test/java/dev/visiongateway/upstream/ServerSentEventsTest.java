package dev.visiongateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.mutiny.core.buffer.Buffer;

/** The event-stream format as the router may write it: the data of each event, whatever else comes with it. */
class ServerSentEventsTest {

    /** The events of {@code text}, fed line by line as {@code RecordParser} cuts it (at each {@code \n}). */
    private static List<String> events(String text) {
        ServerSentEvents events = new ServerSentEvents();
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            out.addAll(events.line(Buffer.buffer(lines[i])));
        }
        // what follows the last \n: the parser hands it over only when the stream ends
        if (!lines[lines.length - 1].isEmpty()) {
            out.addAll(events.line(Buffer.buffer(lines[lines.length - 1])));
        }
        out.addAll(events.end());
        return out;
    }

    @Test
    void eachBlankLineEndsAnEvent() {
        assertThat(events("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n"))
                .containsExactly("{\"a\":1}", "{\"b\":2}", "[DONE]");
    }

    @Test
    void dataLinesOfOneEventAreJoinedWithNewlines() {
        assertThat(events("data: {\"a\":\ndata: 1}\n\n")).containsExactly("{\"a\":\n1}");
    }

    @Test
    void carriageReturnsCommentsAndOtherFieldsAreDropped() {
        assertThat(events(": keep-alive\r\nevent: chunk\r\nid: 7\r\nretry: 10\r\ndata: {\"a\":1}\r\n\r\n"))
                .containsExactly("{\"a\":1}");
    }

    @Test
    void onlyOneSpaceAfterTheColonBelongsToTheSyntax() {
        assertThat(events("data:x\n\ndata:  two spaces\n\ndata\n\n")).containsExactly("x", " two spaces", "");
    }

    @Test
    void aFieldThatOnlyStartsWithDataIsAnotherField() {
        assertThat(events("database: no\n\ndata: yes\n\n")).containsExactly("yes");
    }

    @Test
    void anEventTheStreamEndsInWithoutItsBlankLineIsKept() {
        assertThat(events("data: {\"a\":1}\n\ndata: [DONE]")).containsExactly("{\"a\":1}", "[DONE]");
    }

    @Test
    void blankLinesWithoutDataMakeNoEvent() {
        assertThat(events("\n\n: comment\n\n\n")).isEmpty();
    }

    @Test
    void multiByteCharactersSurviveTheLineCut() {
        assertThat(events("data: {\"t\":\"Grüße, 東京\"}\n\n")).containsExactly("{\"t\":\"Grüße, 東京\"}");
    }
}
