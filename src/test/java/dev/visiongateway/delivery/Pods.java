package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;

/** What {@link ManifestsTest} checks of a pod: hardened, configured only by the ConfigMap and the Secret, sized. */
final class Pods {

    private Pods() {
    }

    static void assertHardened(PodSpec pod, Container container) {
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertHardened(pod, container, pod.getVolumes());
    }

    static void assertHardened(PodSpec pod, Container container,
            List<io.fabric8.kubernetes.api.model.Volume> volumes) {
        var security = container.getSecurityContext();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        // the read-only root needs one writable place, and it is an emptyDir at /tmp; the only other mount is the
        // client keys Secret, read-only, at the path the ConfigMap's GATEWAY_AUTH_KEYS_FILE names
        assertThat(container.getVolumeMounts()).hasSize(2);
        assertThat(container.getVolumeMounts()).filteredOn(mount -> mount.getMountPath().equals("/tmp"))
                .singleElement().satisfies(mount -> assertThat(volumes)
                        .filteredOn(volume -> volume.getName().equals(mount.getName()))
                        .singleElement().satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull()));
        assertThat(container.getVolumeMounts()).filteredOn(mount -> !mount.getMountPath().equals("/tmp"))
                .singleElement().satisfies(mount -> {
                    assertThat(mount.getMountPath()).isEqualTo("/etc/vision-gateway/client-keys");
                    assertThat(mount.getReadOnly()).isTrue();
                    assertThat(volumes).filteredOn(volume -> volume.getName().equals(mount.getName()))
                            .singleElement().satisfies(volume -> assertThat(volume.getSecret().getSecretName())
                                    .isEqualTo("vision-gateway-client-keys"));
                });
    }

    static void assertConfiguredOnlyByConfigMapAndSecret(Container container, ConfigMap config) {
        assertThat(container.getEnvFrom()).singleElement().satisfies(source -> {
            assertThat(source.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName());
            assertThat(source.getSecretRef()).isNull();
        });
        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("GATEWAY_ROUTER_API_KEY");
        EnvVar key = container.getEnv().get(0);
        assertThat(key.getValue()).as("no setting is written into the manifest itself").isNull();
        assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("vision-gateway-router");
        assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("GATEWAY_ROUTER_API_KEY");
        assertThat(container.getArgs()).isNullOrEmpty();
        assertThat(container.getCommand()).isNullOrEmpty();
    }

    static void assertSized(Container container, String overlay) {
        Map<String, Quantity> requests = container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources().getLimits();
        long requestMb = mebibytes(requests.get("memory"));
        long limitMb = mebibytes(limits.get("memory"));
        assertThat(requestMb).isLessThanOrEqualTo(limitMb);
        assertThat(requests).containsKey("cpu");
        if (overlay.equals("jvm")) {
            // requests cover the idle process, the limit the measured peak with room for image decoding
            assertThat(requestMb).isGreaterThanOrEqualTo(ManifestsTest.JVM_RSS_IDLE_MB);
            assertThat(limitMb).isGreaterThanOrEqualTo(ManifestsTest.JVM_RSS_AFTER_LOAD_MB * 3 / 2);
            assertThat(limitMb * 80 / 100).as("80% of the limit holds the soak's peak").isGreaterThanOrEqualTo(
                    ManifestsTest.JVM_SOAK_PEAK_RSS_MB);
        }
    }

    static long mebibytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValue() / (1024 * 1024);
    }
}
