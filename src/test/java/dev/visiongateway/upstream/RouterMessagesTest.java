package dev.visiongateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.image.DataUrlText;
import dev.visiongateway.image.Detail;
import dev.visiongateway.image.ImageContent;
import dev.visiongateway.image.ImageFormat;
import dev.visiongateway.image.ImageReport;
import dev.visiongateway.image.PreparedImage;
import dev.visiongateway.image.RouterFile;
import dev.visiongateway.openai.ChatMessage;
import dev.visiongateway.openai.ContentPart;

class RouterMessagesTest {

    private final RouterMessages builder = new RouterMessages(16);

    @Test
    void thirtyOneImagesMakeThreeMessagesNoneOverSixteenParts() {
        List<ChatMessage> messages = builder.build("Compare.", images(31, null), List.of(), false);

        assertThat(messages).hasSize(3);
        List<List<ContentPart>> contents = messages.stream().map(m -> ((ChatMessage.Parts) m).content()).toList();
        assertThat(contents).extracting(List::size).containsExactly(16, 16, 2);
        assertThat(contents).allSatisfy(parts -> {
            assertThat(parts.get(0)).isInstanceOf(ContentPart.Text.class);
            assertThat(parts.subList(1, parts.size())).allMatch(part -> part instanceof ContentPart.ImageUrl);
        });
        assertThat(((ContentPart.Text) contents.get(2).get(0)).text())
                .isEqualTo("Images 31 to 31 of 31, continued in the same order.");
        assertThat(((ContentPart.ImageUrl) contents.get(1).get(1)).imageUrl().url()).hasToString("https://x/16.jpg");
    }

    @Test
    void theContinuationOfTiledPagesCountsPicturesAsThePromptDoes() {
        // one long page in twenty tiles: the prompt names them "image 1 as pictures 1 to 20"
        List<PreparedImage> tiles = IntStream.rangeClosed(1, 20).mapToObj(i -> new PreparedImage(new ImageReport(0,
                "data", "data", "png", 760, 2048, 1L, "x", null, List.of("tiled_for_ocr"),
                new ImageReport.Tile(i, 20, 0, 0, 760, 2048)), new ImageContent.RemoteUrl("https://x/" + i + ".png"),
                null)).toList();
        List<ChatMessage> messages = builder.build("Read.", tiles, List.of(), false);
        assertThat(((ContentPart.Text) ((ChatMessage.Parts) messages.get(1)).content().get(0)).text())
                .isEqualTo("Pictures 16 to 20 of 20, continued in the same order.");
    }

    @Test
    void aSmallerPartLimitSplitsEarlier() {
        List<ChatMessage> messages = new RouterMessages(4).build("p", images(7, null), List.of(), false);
        assertThat(messages).hasSize(3);
    }

    @Test
    void detailIsKeptOnlyWhenTheModelTakesIt() {
        List<ChatMessage> kept = builder.build("p", images(2, Detail.HIGH), List.of(), true);
        assertThat(imagePart(kept, 1).imageUrl().detail()).isEqualTo(Detail.HIGH);

        List<ChatMessage> dropped = builder.build("p", images(2, Detail.HIGH), List.of(), false);
        assertThat(imagePart(dropped, 1).imageUrl().detail()).isNull();
    }

    @Test
    void historyTurnsComeFirstAsTheClientSentThem() {
        ObjectNode turn = new ObjectMapper().createObjectNode().put("role", "user").put("content", "earlier");

        List<ChatMessage> messages = builder.build("p", images(1, null), List.of(turn), false);

        assertThat(messages.get(0)).isEqualTo(new ChatMessage.History(turn));
        assertThat(messages.get(1)).isInstanceOf(ChatMessage.Parts.class);
    }

    @Test
    void eachKindOfContentBecomesItsPart() {
        List<PreparedImage> images = List.of(
                image(new ImageContent.DataUrl(DataUrlText.of("data:image/png;base64,AAAA"))),
                image(new ImageContent.RemoteUrl("https://x/a.jpg")),
                image(new ImageContent.StoredFile(new RouterFile("file-abc", "image/png"))));

        List<ContentPart> parts = ((ChatMessage.Parts) builder.build("p", images, List.of(), false).get(0)).content();

        assertThat(((ContentPart.ImageUrl) parts.get(1)).imageUrl().url()).hasToString("data:image/png;base64,AAAA");
        assertThat(((ContentPart.ImageUrl) parts.get(2)).imageUrl().url()).hasToString("https://x/a.jpg");
        assertThat(((ContentPart.InputFile) parts.get(3)).inputFile().fileId()).isEqualTo("file-abc");
    }

    @Test
    void bytesNeverReachTheRouter() {
        byte[] png = { (byte) 0x89, 'P', 'N', 'G' };
        assertThatThrownBy(() -> builder.build("p", List.of(image(new ImageContent.Bytes(png, ImageFormat.PNG))),
                List.of(), false)).isInstanceOf(IllegalStateException.class);
    }

    private static ContentPart.ImageUrl imagePart(List<ChatMessage> messages, int index) {
        return (ContentPart.ImageUrl) ((ChatMessage.Parts) messages.get(0)).content().get(index);
    }

    private static PreparedImage image(ImageContent content) {
        return new PreparedImage(ImageReport.reference(0, "url", "url"), content, null);
    }

    private static List<PreparedImage> images(int count, Detail detail) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new PreparedImage(
                ImageReport.reference(i - 1, "url", "url"), new ImageContent.RemoteUrl("https://x/" + i + ".jpg"),
                detail)).toList();
    }
}
