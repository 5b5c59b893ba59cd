package dev.visiongateway.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.problem.GatewayProblem;
import dev.visiongateway.image.ImageReport;
import dev.visiongateway.image.PreparedImage;

class MessageBuilderTest {

    private final MessageBuilder builder = new MessageBuilder(16);
    private final List<String> warnings = new ArrayList<>();

    @Test
    void thirtyOneImagesMakeThreeMessagesNoneOverSixteenParts() {
        List<ChatMessage> messages = builder.build("Compare.", images(31, null), List.of(), false, "m", warnings::add);

        assertThat(messages).hasSize(3);
        List<List<ContentPart>> contents = messages.stream().map(m -> ((ChatMessage.Parts) m).content()).toList();
        assertThat(contents).extracting(List::size).containsExactly(16, 16, 2);
        assertThat(contents).allSatisfy(parts -> {
            assertThat(parts.get(0)).isInstanceOf(ContentPart.Text.class);
            assertThat(parts.subList(1, parts.size())).allMatch(part -> part instanceof ContentPart.ImageUrl);
        });
        assertThat(((ContentPart.Text) contents.get(2).get(0)).text()).isEqualTo("Images 31 to 31 of 31, continued in the same order.");
        assertThat(((ContentPart.ImageUrl) contents.get(1).get(1)).imageUrl().url()).isEqualTo("https://x/16.jpg");
    }

    @Test
    void aSmallerPartLimitSplitsEarlier() {
        List<ChatMessage> messages = new MessageBuilder(4).build("p", images(7, null), List.of(), false, "m", warnings::add);
        assertThat(messages).hasSize(3);
    }

    @Test
    void detailIsKeptOnlyWhenTheModelTakesIt() {
        List<ChatMessage> kept = builder.build("p", images(2, Detail.HIGH), List.of(), true, "openai/gpt-4o", warnings::add);
        assertThat(imagePart(kept, 1).imageUrl().detail()).isEqualTo(Detail.HIGH);
        assertThat(warnings).isEmpty();

        List<ChatMessage> dropped = builder.build("p", images(2, Detail.HIGH), List.of(), false, "google/x", warnings::add);
        assertThat(imagePart(dropped, 1).imageUrl().detail()).isNull();
        assertThat(warnings).hasSize(1);
    }

    @Test
    void refusesAHistoryTurnOfMoreThanSixteenParts() {
        ObjectNode turn = new ObjectMapper().createObjectNode().put("role", "user");
        IntStream.range(0, 17).forEach(i -> turn.withArray("content").addObject().put("type", "text").put("text", "x"));

        assertThatThrownBy(() -> builder.build("p", images(1, null), List.of(turn), false, "m", warnings::add))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.code().id()).isEqualTo("too_many_parts");
                    assertThat(problem.field()).isEqualTo("history[0].content");
                });
    }

    @Test
    void refusesAHistoryTurnWithoutAKnownRole() {
        ObjectNode turn = new ObjectMapper().createObjectNode().put("role", "wizard").put("content", "hi");

        assertThatThrownBy(() -> builder.build("p", images(1, null), List.of(turn), false, "m", warnings::add))
                .isInstanceOfSatisfying(GatewayProblem.class,
                        problem -> assertThat(problem.field()).isEqualTo("history[0].role"));
    }

    @Test
    void detailPrefixesMatchWithAndWithoutTheProvider() {
        ModelDefaults defaults = new ModelDefaults() {
            public String describe() { return "d"; }
            public String compare() { return "c"; }
            public String ocr() { return "o"; }
            public List<String> detailPrefixes() { return List.of("openai/", "gpt-"); }
        };
        assertThat(defaults.takesDetail("openai/o3")).isTrue();
        assertThat(defaults.takesDetail("azure/gpt-4o")).isTrue();
        assertThat(defaults.takesDetail("google/gemini-2.5-flash")).isFalse();
    }

    private static ContentPart.ImageUrl imagePart(List<ChatMessage> messages, int index) {
        return (ContentPart.ImageUrl) ((ChatMessage.Parts) messages.get(0)).content().get(index);
    }

    private static List<PreparedImage> images(int count, Detail detail) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> PreparedImage.asUrl(
                ImageReport.reference(i - 1, "url", "url"), "https://x/" + i + ".jpg", detail))
                .toList();
    }
}
