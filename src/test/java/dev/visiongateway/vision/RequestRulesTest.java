package dev.visiongateway.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.visiongateway.catalog.ModelDefaults;
import dev.visiongateway.image.TestImageLimits;
import dev.visiongateway.problem.GatewayProblem;

class RequestRulesTest {

    private static final ModelDefaults MODELS = new ModelDefaults() {
        public List<String> describe() {
            return List.of("d");
        }

        public List<String> compare() {
            return List.of("c");
        }

        public List<String> ocr() {
            return List.of("o");
        }

        public List<String> detailPrefixes() {
            return List.of("openai/", "gpt-");
        }
    };

    private final RequestRules rules = new RequestRules(new TestImageLimits(20_000_000, 2, Duration.ofSeconds(1)),
            MODELS);

    @Test
    void refusesAHistoryTurnOfMoreThanSixteenParts() {
        ObjectNode turn = new ObjectMapper().createObjectNode().put("role", "user");
        IntStream.range(0, 17).forEach(i -> turn.withArray("content").addObject().put("type", "text").put("text", "x"));

        assertThatThrownBy(() -> rules.history(List.of(turn)))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.code().id()).isEqualTo("too_many_parts");
                    assertThat(problem.field()).isEqualTo("history[0].content");
                    assertThat(problem.getMessage()).isEqualTo(
                            "The message has 17 content parts; the router takes at most 16 per message.");
                });
    }

    @Test
    void refusesAHistoryTurnWithoutAKnownRole() {
        ObjectNode turn = new ObjectMapper().createObjectNode().put("role", "wizard").put("content", "hi");

        assertThatThrownBy(() -> rules.history(List.of(turn)))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.field()).isEqualTo("history[0].role");
                    assertThat(problem.getMessage()).isEqualTo(
                            "Each message needs a 'role' of assistant, developer, system, tool, user; got 'wizard'.");
                });
    }

    @Test
    void detailPrefixesMatchWithAndWithoutTheProvider() {
        assertThat(rules.takesDetail("openai/o3")).isTrue();
        assertThat(rules.takesDetail("azure/gpt-4o")).isTrue();
        assertThat(rules.takesDetail("google/gemini-2.5-flash")).isFalse();
    }
}
