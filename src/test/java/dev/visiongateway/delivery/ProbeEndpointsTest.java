package dev.visiongateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.visiongateway.support.Management;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The manifests point at what the app really serves: every probe path of the Deployment and of the Knative Service
 * answers UP on the app's management interface, and the container ports are the app's quarkus.http.port and
 * quarkus.management.port.
 */
@QuarkusTest
class ProbeEndpointsTest {

    private static final int QUARKUS_DEFAULT_HTTP_PORT = 8080;
    private static final int QUARKUS_DEFAULT_MANAGEMENT_PORT = 9000;

    private final Container deployed = ((Deployment) Manifests.typed(
            Manifests.documents(Manifests.K8S.resolve("base/deployment.yaml")).get(0)))
            .getSpec().getTemplate().getSpec().getContainers().get(0);
    private final Container knative = ((io.fabric8.knative.serving.v1.Service) Manifests.typed(
            Manifests.documents(Manifests.K8S.resolve("knative/service.yaml")).get(0)))
            .getSpec().getTemplate().getSpec().getContainers().get(0);

    @Test
    void everyProbePathAnswersUpOnTheManagementPort() {
        List<String> paths = new ArrayList<>();
        for (Container container : List.of(deployed, knative)) {
            Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                    .filter(Objects::nonNull).map(Probe::getHttpGet).filter(Objects::nonNull)
                    .forEach(get -> paths.add(get.getPath()));
        }
        assertThat(paths).containsExactly("/q/health/started", "/q/health/live", "/q/health/ready", "/q/health/ready");

        for (String path : paths) {
            Management.given().when().get(path).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void theContainerPortsAreTheAppsPorts() throws IOException {
        // the ports of the packaged app (prod profile), not the test ports this test's app listens on
        SmallRyeConfig packaged = new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(getClass().getClassLoader().getResource("application.properties"), 250))
                .build();
        int appPort = packaged.getOptionalValue("quarkus.http.port", Integer.class).orElse(QUARKUS_DEFAULT_HTTP_PORT);
        int managementPort = packaged.getOptionalValue("quarkus.management.port", Integer.class)
                .orElse(QUARKUS_DEFAULT_MANAGEMENT_PORT);
        assertThat(packaged.getValue("quarkus.management.enabled", Boolean.class)).isTrue();
        ConfigMap config = (ConfigMap) Manifests.typed(
                Manifests.documents(Manifests.K8S.resolve("base/config/configmap.yaml")).get(0));

        assertThat(deployed.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(appPort, managementPort);
        assertThat(knative.getPorts().get(0).getContainerPort()).isEqualTo(appPort);
        assertThat(knative.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(managementPort);
        assertThat(knative.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(appPort);
        assertThat(config.getData().get("QUARKUS_HTTP_PORT")).isEqualTo(String.valueOf(appPort));
        assertThat(config.getData().get("QUARKUS_MANAGEMENT_PORT")).isEqualTo(String.valueOf(managementPort));
    }
}
