package dev.visiongateway.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.MutatedImages;
import dev.visiongateway.support.RouterTest;
import dev.visiongateway.support.TestImages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * docs/ARCHITECTURE.md rules 5 and 13 under fuzzing: damaged JPEG, PNG, WebP, GIF and BMP files
 * ({@link MutatedImages}) sent to the intake each end in 200 or a 4xx problem naming the image, within the decode
 * deadline, never in a 500. Seeded: {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.cases=N} runs more.
 */
@QuarkusTest
class IntakeFuzzTest extends RouterTest {

    /** The decode deadline (10 s) plus the wait for a permit (2 s) and the request itself. */
    private static final Duration DEADLINE = Duration.ofSeconds(14);

    @Test
    void everyDamagedImageEndsIn200OrAClientProblem() {
        long seed = Long.getLong("fuzz.seed", 20261127L);
        int cases = Integer.getInteger("fuzz.cases", 150);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (MutatedImages.Mutant mutant : new MutatedImages(seed).next(cases)) {
            long started = System.nanoTime();
            Response answer = given().contentType(ContentType.JSON)
                    .body(Map.of("images", List.of(Map.of("url", TestImages.dataUrl(mutant.mimeType(),
                            mutant.bytes())))))
                    .when().post("/v1/describe");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            int status = answer.statusCode();
            outcomes.merge(status + " " + (status == 200 ? "ok" : answer.jsonPath().getString("code")), 1,
                    Integer::sum);
            boolean clientProblem = status >= 400 && status < 500
                    && "images[0].url".equals(answer.jsonPath().getString("field"));
            if (!(status == 200 || clientProblem) || took.compareTo(DEADLINE) > 0) {
                failures.add(mutant + " (seed " + seed + "): " + status + " after " + took.toMillis() + " ms: "
                        + answer.body().asString());
            }
        }
        System.out.println("Fuzzed the intake with " + cases + " damaged images (seed " + seed + "): " + outcomes);
        assertThat(failures).isEmpty();
        assertThat(outcomes.keySet()).anyMatch(outcome -> outcome.startsWith("200"))
                .anyMatch(outcome -> outcome.startsWith("4"));
    }
}
