package dev.visiongateway.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.visiongateway.support.OcrSamples;
import dev.visiongateway.support.TextImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A front-end app on another origin uses /js/vision-gateway.js when GATEWAY_CORS_ORIGINS lists its origin, and is
 * refused when it does not (docs/ARCHITECTURE.md rule 12 and section 9). Both pages run in a real browser, which
 * enforces CORS: the module import, the upload, the stream and the problem document all cross origins.
 */
@QuarkusTest
@WithTestResource(SecondOriginsResource.class)
class CrossOriginModuleTest {

    /** Imports the module, lists the OCR models, streams an OCR of the uploaded PNG, and sends a text file. */
    private static final String ALLOWED_APP = """
            const [moduleUrl, ownCopyUrl, gatewayRoot, png, done] = arguments;
            (async () => {
              const gateway = await import(moduleUrl);
              const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
              const image = new File([bytes], 'invoice.png', { type: 'image/png' });
              const models = await gateway.models({ operation: 'ocr' });
              const types = [];
              let text = '';
              for await (const event of await gateway.ocr({ images: [image], stream: true })) {
                types.push(event.type);
                if (event.type === 'delta') text += event.data.text;
              }
              let problem = null;
              try {
                await gateway.describe({ images: [new File(['milk, eggs'], 'notes.txt', { type: 'text/plain' })] });
              } catch (error) {
                problem = { name: error.name, status: error.status, code: error.code, field: error.field,
                            isGatewayError: error instanceof gateway.GatewayError };
              }
              // the app's own copy of the module, pointed at the gateway
              const own = await import(ownCopyUrl);
              const ownModels = await own.createClient({ baseUrl: gatewayRoot }).models();
              return { models: models.data.map((m) => m.id), types, text, problem,
                       ownModels: ownModels.data.map((m) => m.id) };
            })().then(done, (error) => done({ failure: String(error) }));
            """;

    /** Tries the module from the gateway, then the app's own copy of it against the gateway. */
    private static final String REFUSED_APP = """
            const [moduleUrl, ownCopyUrl, gatewayRoot, done] = arguments;
            (async () => {
              const outcome = {};
              try { await import(moduleUrl); outcome.import = 'loaded'; }
              catch (error) { outcome.import = 'refused: ' + error.name; }
              const own = await import(ownCopyUrl);
              try { await own.createClient({ baseUrl: gatewayRoot }).models(); outcome.call = 'answered'; }
              catch (error) { outcome.call = 'refused: ' + error.name; }
              return outcome;
            })().then(done, (error) => done({ failure: String(error) }));
            """;

    private static Browser browser;

    @TestHTTPResource("/")
    URI root;

    @InjectSecondOrigins
    SecondOrigins origins;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAllowedOriginUploadsStreamsAndReadsProblems() {
        List<String> lines = List.of("Invoice 2024-117", "Payable by 15 March.");
        byte[] png = TextImages.draw(lines, "SansSerif", 24, 0, 0).png();
        browser.driver.get(origins.allowed() + "/");

        Map<String, Object> result = (Map<String, Object>) browser.driver.executeAsyncScript(ALLOWED_APP,
                module(), origins.allowed() + "/vision-gateway.js", root.toString(),
                Base64.getEncoder().encodeToString(png));

        assertThat(result).doesNotContainKey("failure");
        assertThat((List<String>) result.get("models")).contains("local/ocr");
        List<String> types = (List<String>) result.get("types");
        assertThat(types.get(0)).isEqualTo("meta");
        assertThat(types).contains("delta");
        assertThat(types.get(types.size() - 1)).isEqualTo("done");
        assertThat(OcrSamples.characterErrorRate((String) result.get("text"), String.join("\n", lines)))
                .as((String) result.get("text")).isLessThan(0.05);
        assertThat((Map<String, Object>) result.get("problem")).containsEntry("name", "GatewayError")
                .containsEntry("status", 415L).containsEntry("code", "unsupported_format")
                .containsEntry("field", "image[0]").containsEntry("isGatewayError", true);
        assertThat((List<String>) result.get("ownModels")).contains("local/ocr", "local/vision");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOriginThatIsNotAllowedCannotLoadTheModuleNorCallTheGateway() {
        browser.driver.get(origins.refused() + "/");

        Map<String, Object> result = (Map<String, Object>) browser.driver.executeAsyncScript(REFUSED_APP,
                module(), origins.refused() + "/vision-gateway.js", root.toString());

        assertThat(result).doesNotContainKey("failure");
        assertThat(result.get("import")).isEqualTo("refused: TypeError");
        assertThat(result.get("call")).isEqualTo("refused: TypeError");
        assertThat(browser.console()).anyMatch(line -> line.contains("CORS"));
    }

    private String module() {
        return root.resolve("/js/vision-gateway.js").toString();
    }
}
