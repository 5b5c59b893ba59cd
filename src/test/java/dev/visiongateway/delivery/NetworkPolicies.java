package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv6.IPv6Address;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/** What {@link ManifestsTest} checks of the network policies: who may reach the pods, and whom they may reach. */
final class NetworkPolicies {

    private NetworkPolicies() {
    }

    static NetworkPolicy policy(List<HasMetadata> objects, String name) {
        return objects.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
                .filter(policy -> policy.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name));
    }

    /** The API from the front-ends' namespaces, the management port from the monitoring ones, nothing else. */
    static void assertIngressPolicy(NetworkPolicy policy) {
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(ManifestsTest.POD_LABELS);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer -> {
                assertThat(peer.getNamespaceSelector()).as("ingress only from chosen namespaces").isNotNull();
                assertThat(peer.getIpBlock()).isNull();
            });
            assertThat(rule.getPorts()).hasSize(1);
        });
        var api = policy.getSpec().getIngress().get(0);
        var management = policy.getSpec().getIngress().get(1);
        assertThat(api.getPorts().get(0).getPort().getStrVal()).isEqualTo("http");
        assertThat(management.getPorts().get(0).getPort().getStrVal()).isEqualTo("management");
        assertThat(management.getFrom()).singleElement().satisfies(peer -> assertThat(
                peer.getNamespaceSelector().getMatchLabels()).containsEntry("vision-gateway/monitoring", "true"));
    }

    static void assertScrapedOnTheManagementPort(Map<String, String> podAnnotations) {
        assertThat(podAnnotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(ManifestsTest.MANAGEMENT_PORT))
                .containsEntry("prometheus.io/path", "/q/metrics");
    }

    /** DNS, and HTTPS to public addresses only, in IPv4 and in IPv6 alike, for the pods labelled {@code podLabels}. */
    static void assertEgressPolicy(NetworkPolicy policy, Map<String, String> podLabels) {
        assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(ManifestsTest.POD_LABELS);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
        Set<String> egress = policy.getSpec().getEgress().stream()
                .flatMap(rule -> rule.getPorts().stream())
                .map(NetworkPolicies::portAndProtocol)
                .collect(Collectors.toSet());
        assertThat(egress).as("DNS and HTTPS only").containsExactlyInAnyOrder("53/UDP", "53/TCP", "443/TCP");
        assertThat(policy.getSpec().getEgress()).allSatisfy(rule -> assertThat(rule.getTo()).isNotEmpty());

        List<IPBlock> blocks = policy.getSpec().getEgress().stream().flatMap(rule -> rule.getTo().stream())
                .map(NetworkPolicyPeer::getIpBlock).filter(java.util.Objects::nonNull).toList();
        IPBlock v4 = blocks.stream().filter(block -> block.getCidr().equals("0.0.0.0/0")).findFirst().orElseThrow();
        IPBlock v6 = blocks.stream().filter(block -> block.getCidr().equals("::/0")).findFirst()
                .orElseThrow(() -> new AssertionError("no IPv6 rule: IPv6 egress would be closed, or open elsewhere"));
        assertThat(v4.getExcept()).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");
        // the same places in IPv6: unique-local, link-local, and what NAT64 makes of each private IPv4 range
        Set<IPAddress> v6Except = v6.getExcept().stream().map(NetworkPolicies::cidr).collect(Collectors.toSet());
        assertThat(v6Except).contains(cidr("fc00::/7"), cidr("fe80::/10"));
        for (String private4 : v4.getExcept()) {
            assertThat(v6Except).as("the NAT64 image of " + private4).contains(nat64(private4));
        }
        assertThat(policy.getSpec().getEgress()).filteredOn(rule -> rule.getTo().stream()
                .anyMatch(peer -> peer.getIpBlock() != null)).singleElement()
                .satisfies(rule -> assertThat(rule.getTo()).extracting(peer -> peer.getIpBlock().getCidr())
                        .as("one rule, so both families get the same ports").containsExactlyInAnyOrder("0.0.0.0/0", "::/0"));
    }

    private static IPAddress cidr(String cidr) {
        return new IPAddressString(cidr).getAddress();
    }

    /** 10.0.0.0/8 as the well-known NAT64 prefix carries it: 64:ff9b::a00:0/104. */
    private static IPAddress nat64(String ipv4Cidr) {
        IPAddress v4 = cidr(ipv4Cidr);
        byte[] v6 = new byte[16];
        v6[1] = 0x64;
        v6[2] = (byte) 0xff;
        v6[3] = (byte) 0x9b;
        System.arraycopy(v4.getBytes(), 0, v6, 12, 4);
        return new IPv6Address(v6, 96 + v4.getNetworkPrefixLength());
    }

    static String portAndProtocol(NetworkPolicyPort port) {
        return port.getPort().getIntVal() + "/" + port.getProtocol();
    }

    /** Every path a kustomization lists (resources, patches) is there. */
}
