package dev.visiongateway.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.InjectScriptedRouter;
import dev.visiongateway.support.RawSseClient;
import dev.visiongateway.support.ScriptedRouter;
import dev.visiongateway.support.ScriptedRouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * bench/stream-latency runs this (its name keeps it out of the test run): how long a router chunk takes to
 * reach the client as a delta event, through the gateway and, side by side, straight from the timestamping fake
 * router, so the loopback and reader cost can be told apart. Prints percentiles; asserts only that every delta
 * arrived.
 */
@QuarkusTest
@WithTestResource(ScriptedRouterResource.class)
class StreamLatencyBench {

    private static final int DELTAS = Integer.getInteger("bench.deltas", 300);
    private static final int PAUSE_MS = Integer.getInteger("bench.pause-ms", 5);
    private static final String DESCRIBE = "{\"images\": [{\"url\": \"https://images.example.com/a.jpg\"}], \"stream\": true}";

    @InjectScriptedRouter
    ScriptedRouter router;

    @Test
    void measure() throws Exception {
        for (int round = 0; round < 3; round++) {
            double[] viaGateway = run(RestAssured.port, "/v1/describe", "event: delta");
            double[] direct = run(URI.create(router.baseUrl()).getPort(), "/v1/chat/completions", "data: {");
            if (round == 2) {
                report("through the gateway", viaGateway);
                report("straight from the fake router", direct);
                System.out.printf("ratio of medians gateway / direct: %.2f%n", median(viaGateway) / median(direct));
            }
        }
    }

    private double[] run(int port, String path, String deltaPrefix) throws Exception {
        List<ScriptedRouter.Step> steps = new ArrayList<>();
        for (int i = 0; i < DELTAS; i++) {
            steps.add(StreamingTest.chunk("part" + i));
            steps.add(new ScriptedRouter.Pause(PAUSE_MS));
        }
        steps.add(StreamingTest.finish());
        steps.add(new ScriptedRouter.Event("[DONE]"));
        router.script(steps.toArray(ScriptedRouter.Step[]::new));

        long[] received = new long[DELTAS];
        try (RawSseClient client = new RawSseClient(port, path, DESCRIBE)) {
            for (int i = 0; i < DELTAS; i++) {
                assertThat(client.readLineStartingWith(deltaPrefix)).as("delta " + i).isNotNull();
                received[i] = System.nanoTime();
            }
        }
        double[] latencies = new double[DELTAS];
        for (int i = 0; i < DELTAS; i++) {
            latencies[i] = (received[i] - router.sentNanos.get(i)) / 1e6;
        }
        return latencies;
    }

    private static void report(String what, double[] latencies) {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: %d deltas, %d ms apart: first %.3f ms, median %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
                what, DELTAS, PAUSE_MS, latencies[0], median(latencies), sorted[sorted.length * 9 / 10],
                sorted[sorted.length * 99 / 100]);
    }

    private static double median(double[] latencies) {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
