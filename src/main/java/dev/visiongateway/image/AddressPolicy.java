package dev.visiongateway.image;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv6.IPv6Address;

/**
 * Which addresses the gateway may download from (docs/ARCHITECTURE.md rule 4): public unicast only, unless the host or
 * network is on {@code gateway.fetch.allow}. IPv4 in any spelling (decimal, octal, hex, shortened) and IPv4
 * embedded in IPv6 (mapped, compatible, 6to4, NAT64, Teredo) are judged by the IPv4 address they carry. Prefixes
 * whose embedded address means something only inside some network (local-use NAT64, SIIT's IPv4-translated
 * addresses) are refused whole.
 */
@ApplicationScoped
public class AddressPolicy {

    private static final List<IPAddress> NOT_PUBLIC = blocks(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32", "100::/64",
            "2001:10::/28", "2001:20::/28",
            // local-use NAT64 (RFC 8215) and IPv4-translated (RFC 2765): their IPv4 half is translated by a network
            // of the operator's, so it may lead anywhere inside
            "64:ff9b:1::/48", "::ffff:0:0:0/96",
            // benchmarking (RFC 5180), SRv6 segment identifiers (RFC 9602), documentation (RFC 9637)
            "2001:2::/48", "5f00::/16", "3fff::/20");

    private final List<IPAddress> allowedNetworks = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    public AddressPolicy(FetchConfig config) {
        for (String entry : config.allow().orElse(List.of())) {
            String trimmed = entry.strip().toLowerCase(Locale.ROOT);
            IPAddress network = new IPAddressString(trimmed).getAddress();
            if (network != null) {
                allowedNetworks.add(network.toPrefixBlock());
            } else if (!trimmed.isEmpty()) {
                allowedHosts.add(trimmed);
            }
        }
    }

    public boolean hostAllowed(String host) {
        return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** The address a host name spells when it is an IP literal in any form, e.g. {@code 0x7f000001}. */
    public static Optional<InetAddress> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!bare.matches("(?i)[0-9a-fx.:]+") || bare.matches("(?i).*[g-wyz].*")) {
            return Optional.empty();
        }
        IPAddress address = new IPAddressString(bare).getAddress();
        return address == null ? Optional.empty() : Optional.of(address.toInetAddress());
    }

    /** True when the gateway may connect to {@code address}. */
    public boolean permits(InetAddress address) {
        IPAddress ip = new IPAddressString(address.getHostAddress()).getAddress();
        if (ip == null) {
            return false;
        }
        if (allowedNetworks.stream().anyMatch(network -> network.contains(ip))) {
            return true;
        }
        IPAddress judged = embeddedIpv4(ip).orElse(ip);
        return NOT_PUBLIC.stream().noneMatch(block -> block.getIPVersion() == judged.getIPVersion()
                && block.contains(judged));
    }

    private static Optional<IPAddress> embeddedIpv4(IPAddress ip) {
        if (!ip.isIPv6()) {
            return Optional.empty();
        }
        IPv6Address v6 = ip.toIPv6();
        if (v6.isIPv4Mapped() || v6.isIPv4Compatible() || v6.is6To4() || v6.isTeredo()
                || new IPAddressString("64:ff9b::/96").getAddress().contains(v6)) {
            return Optional.of(v6.is6To4() ? v6.get6To4IPv4Address()
                    : v6.isTeredo() ? teredoClient(v6) : v6.getEmbeddedIPv4Address());
        }
        return Optional.empty();
    }

    private static IPAddress teredoClient(IPv6Address v6) {
        // the client address is the last 32 bits, inverted
        byte[] bytes = v6.getBytes();
        byte[] client = new byte[4];
        for (int i = 0; i < 4; i++) {
            client[i] = (byte) ~bytes[12 + i];
        }
        return new inet.ipaddr.ipv4.IPv4Address(client);
    }

    private static List<IPAddress> blocks(String... cidrs) {
        List<IPAddress> blocks = new ArrayList<>(cidrs.length);
        for (String cidr : cidrs) {
            blocks.add(new IPAddressString(cidr).getAddress().toPrefixBlock());
        }
        return blocks;
    }
}
