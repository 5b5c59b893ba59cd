package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.visiongateway.problem.GatewayProblem;

/**
 * docs/ARCHITECTURE.md rule 4: a remote URL's host and port as the gateway reads them, also where java.net.URI reads
 * no host (an IDN, an underscore, a port past the int range).
 */
class RemoteUrlsTest {

    private static final String FIELD = "images[0].url";

    @ParameterizedTest
    @CsvSource({
            "https://images.example.com/a.png, images.example.com, -1",
            "https://images.example.com:8443/a.png, images.example.com, 8443",
            "https://bücher.example/a.png, xn--bcher-kva.example, -1",
            "https://BÜCHER.example:444/a.png, xn--bcher-kva.example, 444",
            "https://例え.テスト/a.png, xn--r8jz45g.xn--zckzah, -1",
            "https://img_1.cdn.example/a.png, img_1.cdn.example, -1",
            "https://_assets.example.com:8080/a.png, _assets.example.com, 8080",
            "https://[2606:4700::1111]:443/a.png, [2606:4700::1111], 443" })
    void readsTheHostInAsciiAndThePort(String url, String host, int port) {
        RemoteUrls.Authority authority = RemoteUrls.authority(checked(url), FIELD);

        assertThat(authority.host()).isEqualTo(host);
        assertThat(authority.port()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://images.example.com:65536/a.png", "https://images.example.com:70000/a.png",
            "https://images.example.com:0/a.png", "https://images.example.com:99999999999/a.png",
            "https://img_1.example:65536/a.png", "https://bücher.example:123456/a.png", "https://[::1]:70000/a.png" })
    void aPortOutsideOneTo65535IsAnInvalidUrl(String url) {
        assertProblem(url, "invalid_url", "port must be a number from 1 to 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://%65xample.com/a.png", "https://exa$mple.com/a.png", "https://a..b.example/a.png",
            "https://ex;ample.com/a.png", "https://bücher..example/a.png" })
    void aHostThatIsNoHostNameIsAnInvalidUrl(String url) {
        assertProblem(url, "invalid_url", "host is not a valid host name");
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://user:pw@img_1.example/a.png", "https://user@bücher.example/a.png",
            "https://user:pw@images.example.com/a.png" })
    void credentialsAreRefusedWhateverTheHost(String url) {
        assertProblem(url, "url_not_allowed", "credentials");
    }

    @Test
    void noHostAtAll() {
        assertProblem("https:///a.png", "invalid_url", "has no host");
    }

    private static URI checked(String url) {
        return RemoteUrls.check(RemoteUrls.parse(url, FIELD), FIELD, false);
    }

    private static void assertProblem(String url, String code, String detail) {
        assertThatThrownBy(() -> RemoteUrls.authority(RemoteUrls.parse(url, FIELD), FIELD))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code().id()).isEqualTo(code);
                    assertThat(problem.field()).isEqualTo(FIELD);
                    assertThat(problem.getMessage()).contains(detail);
                });
    }
}
