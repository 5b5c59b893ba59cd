package dev.visiongateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/ARCHITECTURE.md rule 4: only public unicast addresses, whatever their spelling. */
class AddressPolicyTest {

    private final AddressPolicy policy = new AddressPolicy(config(List.of()));

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.1.2.3", "0.0.0.0", "10.0.0.1", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "224.0.0.1", "239.255.255.250",
            "255.255.255.255", "240.0.0.1", "192.0.2.10", "198.18.0.1", "[::1]", "::", "[::ffff:127.0.0.1]",
            "::ffff:10.0.0.1", "::ffff:7f00:1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "2001:db8::1",
            "64:ff9b::7f00:1", "2002:7f00:1::1", "::127.0.0.1",
            "64:ff9b:1::808:808", "64:ff9b:1::7f00:1", "::ffff:0:808:808", "::ffff:0:7f00:1", "[::ffff:0:0:1]",
            "2001:2::1", "2001:2:0:ffff::1", "5f00::1", "5f00:1234::1", "3fff::1",
            "2130706433", "0x7f000001", "017700000001", "0177.0.0.1", "0x7f.1", "127.1", "0" })
    void refusesEveryNonPublicAddressInAnySpelling(String host) {
        Optional<InetAddress> address = AddressPolicy.literal(host);
        assertThat(address).as(host + " is read as an address").isPresent();
        assertThat(policy.permits(address.get())).as(host).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "1.1.1.1", "93.184.216.34", "100.128.0.1", "172.32.0.1", "2606:4700:4700::1111",
            "[2a00:1450:4001:80b::200e]", "::ffff:8.8.8.8", "64:ff9b::808:808", "2001:3::1" })
    void permitsPublicAddresses(String host) {
        assertThat(policy.permits(AddressPolicy.literal(host).orElseThrow())).as(host).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "example.com", "images.example.com", "localhost", "cafe.be", "a.b.c.d" })
    void hostNamesAreNotLiterals(String host) {
        assertThat(AddressPolicy.literal(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.1.2.3", "10.255.0.1" })
    void allowListedNetworksArePermitted(String host) throws Exception {
        AddressPolicy allowing = new AddressPolicy(config(List.of("10.0.0.0/8", "cdn.internal")));
        assertThat(allowing.permits(InetAddress.getByName(host))).isTrue();
        assertThat(allowing.permits(InetAddress.getByName("192.168.0.1"))).isFalse();
        assertThat(allowing.hostAllowed("CDN.internal")).isTrue();
        assertThat(allowing.hostAllowed("other.internal")).isFalse();
    }

    private static FetchConfig config(List<String> allow) {
        return new FetchConfig() {
            public Mode mode() {
                return Mode.FETCH;
            }

            public Optional<List<String>> allow() {
                return Optional.of(allow);
            }

            public boolean allowHttp() {
                return false;
            }

            public java.time.Duration connectTimeout() {
                return java.time.Duration.ofSeconds(1);
            }

            public java.time.Duration readTimeout() {
                return java.time.Duration.ofSeconds(1);
            }

            public java.time.Duration totalTimeout() {
                return java.time.Duration.ofSeconds(1);
            }

            public int maxRedirects() {
                return 3;
            }

            public int parallelPerRequest() {
                return 4;
            }

            public java.util.OptionalLong inFlightBytes() {
                return java.util.OptionalLong.empty();
            }

            public String userAgent() {
                return "test";
            }
        };
    }
}
