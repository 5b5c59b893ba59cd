package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The manifests under k8s/ checked without a cluster: every file parses and binds to its API type, each overlay and
 * the Knative folder render with kustomize to valid objects, and those objects hold together (ports, probes,
 * selectors, configuration only from the ConfigMap and the Secret, the hardening the README promises).
 */
class ManifestsTest {

    /**
     * Resident memory (MiB) of the fast-jar measured here with plain java -jar (deploy/README.md, "Measured here"): idle, and
     * after 4,000 requests.
     */
    static final int JVM_RSS_IDLE_MB = 155;
    static final int JVM_RSS_AFTER_LOAD_MB = 242;
    /**
     * Peak resident memory (MiB) of the JVM pod under bench/soak's 10-minute mixed load with the images' flags (issue
     * 30, bench/README.md): the limit keeps it at 80% at most. In 384 MiB the same pod was OOM-killed after 32 s.
     */
    static final int JVM_SOAK_PEAK_RSS_MB = 384;

    static final Map<String, String> POD_LABELS = Map.of("app.kubernetes.io/name", "vision-gateway");
    /** Quarkus' management interface: health, metrics, OpenAPI. */
    static final int MANAGEMENT_PORT = 9000;

    @Test
    void theStrictReaderRefusesWhatTheApiServerRefuses() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replicas: 2, selector: {matchLabels: {a: b}}, template: {spec: {containers: [{name: c, image: i}]}}}
                """;
        assertThat(Manifests.typed(Manifests.documents(deployment).get(0))).isInstanceOf(Deployment.class);

        assertThatThrownBy(() -> Manifests.typed(Manifests.documents(deployment.replace("replicas: 2", "replica: 2")).get(0)))
                .hasMessageContaining("Unrecognized field \"replica\"");
        assertThatThrownBy(
                () -> Manifests.typed(Manifests.documents(deployment.replace("replicas: 2", "replicas: \"2\"")).get(0)))
                .hasMessageContaining("does not match the API type");
        assertThatThrownBy(() -> Manifests.typed(Manifests.documents(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {QUARKUS_HTTP_PORT: 8080}").get(0)))
                .hasMessageContaining("does not match the API type");
        assertThatThrownBy(() -> Manifests.typed(Manifests.documents(deployment.replace("apps/v1", "apps/v1beta1")).get(0)))
                .hasMessageContaining("no API type is known for apps/v1beta1/Deployment");
        assertThatThrownBy(() -> Manifests.typed(Manifests.documents(
                "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: x}\nspec: {template: {spec: {concurrency: 5}}}")
                .get(0)))
                .hasMessageContaining("Unrecognized field \"concurrency\"");
    }

    @Test
    void everyYamlFileUnderK8sParsesAndBindsToItsApiType() throws IOException {
        List<Path> files = ManifestFiles.yamlFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        for (Path file : files) {
            List<JsonNode> documents = Manifests.documents(file);
            assertThat(documents).as(file + " holds at least one object").isNotEmpty();
            for (JsonNode document : documents) {
                assertThat(document.isObject()).as(file + " holds objects").isTrue();
                if (Manifests.typeOf(document).equals(Manifests.KUSTOMIZATION)
                        || Manifests.typeOf(document).equals(Manifests.COMPONENT)) {
                    ManifestFiles.assertListedFilesExist(file, document);
                } else {
                    Manifests.typed(document);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "jvm", "native" })
    void eachOverlayRendersAHardenedDeploymentConfiguredOnlyByTheConfigMapAndTheSecret(String overlay) {
        List<HasMetadata> objects = Manifests.render(Manifests.K8S.resolve("overlays").resolve(overlay));

        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ConfigMap", "Service",
                "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "NetworkPolicy");
        Deployment deployment = Manifests.only(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(POD_LABELS);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(POD_LABELS);

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()).hasSize(1);
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).startsWith("registry.example.com/vision-gateway/vision-gateway-" + overlay + ":");
        assertThat(container.getPorts()).extracting(port -> port.getName() + "=" + port.getContainerPort())
                .containsExactly("http=8080", "management=" + MANAGEMENT_PORT);
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        // health is served on the management interface only
        Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .forEach(probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
        NetworkPolicies.assertScrapedOnTheManagementPort(deployment.getSpec().getTemplate().getMetadata().getAnnotations());

        Pods.assertHardened(pod, container);
        Pods.assertConfiguredOnlyByConfigMapAndSecret(container, Manifests.only(objects, ConfigMap.class));
        Pods.assertSized(container, overlay);

        Service service = Manifests.only(objects, Service.class);
        assertThat(service.getSpec().getSelector()).isEqualTo(POD_LABELS);
        // the Service carries the API only: metrics and health are no business of the clients
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));

        HorizontalPodAutoscaler hpa = Manifests.only(objects, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(deployment.getSpec().getReplicas());
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());

        PodDisruptionBudget pdb = Manifests.only(objects, PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(POD_LABELS);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isLessThan(deployment.getSpec().getReplicas());

        NetworkPolicies.assertIngressPolicy(NetworkPolicies.policy(objects, "vision-gateway"));
        NetworkPolicies.assertEgressPolicy(NetworkPolicies.policy(objects, "vision-gateway-egress"),
                deployment.getSpec().getTemplate().getMetadata().getLabels());
    }

    /**
     * The optional Redis (k8s/components/redis, in k8s/overlays/jvm-redis): the replicas share limits and file ids
     * through it, it takes connections from the gateway's pods only, runs hardened, and keeps nothing on disk.
     */
    @Test
    void theRedisComponentSharesLimitsAndFileIdsWithTheGatewaysPodsOnly() {
        List<HasMetadata> objects = Manifests.render(Manifests.K8S.resolve("overlays").resolve("jvm-redis"));

        Map<String, String> config = Manifests.only(objects, ConfigMap.class).getData();
        assertThat(config).containsEntry("GATEWAY_REDIS_URL", "redis://vision-gateway-redis:6379")
                .containsEntry("GATEWAY_LIMITS_REDIS", "true").containsEntry("GATEWAY_FILES_CACHE", "redis");

        Deployment redis = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(deployment -> deployment.getMetadata().getName().equals("vision-gateway-redis"))
                .findFirst().orElseThrow();
        PodSpec pod = redis.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getArgs()).containsSequence("--save", "").containsSequence("--appendonly", "no");
        Service service = objects.stream().filter(Service.class::isInstance).map(Service.class::cast)
                .filter(candidate -> candidate.getMetadata().getName().equals("vision-gateway-redis"))
                .findFirst().orElseThrow();
        assertThat(service.getSpec().getSelector()).isEqualTo(redis.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(6379));

        NetworkPolicy ingress = NetworkPolicies.policy(objects, "vision-gateway-redis");
        assertThat(ingress.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(redis.getSpec().getSelector().getMatchLabels());
        assertThat(ingress.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(POD_LABELS));
            assertThat(rule.getPorts()).extracting(NetworkPolicies::portAndProtocol).containsExactly("6379/TCP");
        });
        NetworkPolicy egress = NetworkPolicies.policy(objects, "vision-gateway-egress-redis");
        assertThat(egress.getSpec().getPodSelector().getMatchLabels()).isEqualTo(POD_LABELS);
        assertThat(egress.getSpec().getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector()
                    .getMatchLabels()).isEqualTo(redis.getSpec().getSelector().getMatchLabels()));
            assertThat(rule.getPorts()).extracting(NetworkPolicies::portAndProtocol).containsExactly("6379/TCP");
        });
        // the gateway's own egress stays DNS and public HTTPS
        NetworkPolicies.assertEgressPolicy(NetworkPolicies.policy(objects, "vision-gateway-egress"), POD_LABELS);
    }

    /** The Knative Service on the JVM with its AOT cache by default, and on the native image through an overlay. */
    @ParameterizedTest
    @CsvSource({ "knative, vision-gateway-jvm-aot, jvm", "overlays/knative-native, vision-gateway-native, native" })
    void theKnativeServiceScalesToZeroAndKeepsLongStreams(String kustomization, String image, String sizedAs) {
        List<HasMetadata> objects = Manifests.render(Manifests.K8S.resolve(kustomization));

        assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ConfigMap", "Service",
                "NetworkPolicy");
        io.fabric8.knative.serving.v1.Service knative = Manifests.only(objects, io.fabric8.knative.serving.v1.Service.class);
        assertThat(knative.getApiVersion()).isEqualTo("serving.knative.dev/v1");
        Map<String, String> annotations = knative.getSpec().getTemplate().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("autoscaling.knative.dev/min-scale", "0")
                .containsEntry("autoscaling.knative.dev/metric", "concurrency")
                .containsKeys("autoscaling.knative.dev/target", "autoscaling.knative.dev/max-scale");
        Map<String, String> podLabels = knative.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(POD_LABELS);
        // the pods carry the label the egress policy selects, or their egress would be open
        NetworkPolicies.assertEgressPolicy(NetworkPolicies.policy(objects, "vision-gateway-egress"), podLabels);

        var spec = knative.getSpec().getTemplate().getSpec();
        int target = Integer.parseInt(annotations.get("autoscaling.knative.dev/target"));
        assertThat(spec.getContainerConcurrency()).as("a hard limit above the soft target").isGreaterThan(target);
        assertThat(spec.getTimeoutSeconds()).as("long SSE answers").isBetween(300L, 600L);

        Container container = spec.getContainers().get(0);
        assertThat(container.getImage()).startsWith("registry.example.com/vision-gateway/" + image + ":");
        Pods.assertSized(container, sizedAs);
        // Knative takes one port, the serving one; the probes name the management port by number
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http1");
            assertThat(port.getContainerPort()).isEqualTo(8080);
        });
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(MANAGEMENT_PORT);
        // Knative aims liveness at the serving port, which has no /q/health: a TCP check there
        assertThat(container.getLivenessProbe().getHttpGet()).isNull();
        assertThat(container.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8080);
        NetworkPolicies.assertScrapedOnTheManagementPort(annotations);
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Pods.assertHardened(new PodSpec(), container, spec.getVolumes());
        Pods.assertConfiguredOnlyByConfigMapAndSecret(container, Manifests.only(objects, ConfigMap.class));
    }

    @Test
    void theConfigMapNamesOnlyDocumentedSettingsAndNeverTheKey() throws IOException {
        ConfigMap config = (ConfigMap) Manifests.typed(
                Manifests.documents(Manifests.K8S.resolve("base/config/configmap.yaml")).get(0));
        Set<String> documented = ManifestFiles.documentedEnvNames();
        assertThat(documented).contains("GATEWAY_ROUTER_URL", "GATEWAY_ROUTER_API_KEY", "QUARKUS_HTTP_PORT");

        assertThat(config.getData().keySet()).isSubsetOf(documented).doesNotContain("GATEWAY_ROUTER_API_KEY")
                .contains("GATEWAY_ROUTER_URL", "GATEWAY_FETCH_MODE", "QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT");
        assertThat(config.getData()).containsEntry("QUARKUS_MANAGEMENT_PORT", String.valueOf(MANAGEMENT_PORT));
    }

    @Test
    void theSecretIsATemplateWithAPlaceholderThatNoKustomizationApplies() throws IOException {
        Path template = Manifests.K8S.resolve("base/config/router-secret.template.yaml");
        Secret secret = (Secret) Manifests.typed(Manifests.documents(template).get(0));
        assertThat(secret.getMetadata().getName()).isEqualTo("vision-gateway-router");
        assertThat(secret.getStringData()).containsOnlyKeys("GATEWAY_ROUTER_API_KEY");
        assertThat(secret.getStringData().get("GATEWAY_ROUTER_API_KEY")).isEqualTo("REPLACE_WITH_YOUR_ROUTER_KEY");
        assertThat(secret.getData()).isNullOrEmpty();

        for (Path file : ManifestFiles.yamlFiles()) {
            assertThat(Files.readString(file)).as(file + " lists no secret template")
                    .doesNotContain("- router-secret.template.yaml");
        }
    }
}
