package dev.visiongateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.logging.LogRuntimeConfig;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.config.SmallRyeConfig;

/**
 * The app's management interface: health, metrics, the OpenAPI document and Swagger UI (docs/ARCHITECTURE.md
 * section 2), on a port of its own, which tests let the app choose. A {@code @QuarkusTest} reads the port the app
 * registered; the packaged app of a {@code @QuarkusIntegrationTest} runs in its own process and names the port only
 * in its log, which the launcher writes to a file this JVM can read. {@link FreePorts} chooses the packaged app's
 * ports, for every Quarkus test of this module.
 */
@WithTestResource(value = FreePorts.class, scope = TestResourceScope.GLOBAL)
public final class Management {

    private static final Pattern LISTENING = Pattern.compile("Management interface listening on https?://\\S*:(\\d+)");

    private Management() {
    }

    /** REST Assured aimed at the management port. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** The value of the metric series whose labels include all of {@code labels}; 0 if there is none yet. */
    public static double counter(String name, String... labels) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> java.util.List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    public static int port() {
        if (Arc.container() != null) {
            return URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class)).getPort();
        }
        Path log = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(LogRuntimeConfig.class)
                .file().path().toPath();
        return portIn(log);
    }

    private static int portIn(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            int port = -1;
            for (String line : lines) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port = Integer.parseInt(matcher.group(1));
                }
            }
            if (port < 0) {
                throw new IllegalStateException("the app's log " + log + " names no management port");
            }
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
