package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.phpod.generate.ChartGenerator;
import dev.phpod.support.HelmRunner;
import dev.phpod.support.Manifests;
import dev.phpod.support.Projects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.test.junit.QuarkusTest;

/** The generated chart through the real Helm library: lint, render, validate strictly. */
@QuarkusTest
class ChartRenderTest {

    private static Path project;

    static synchronized Path project() throws IOException {
        if (project == null) {
            project = Projects.write(Projects.project("shop", "registry.example.com/shop:1.4.2", null, "dev", "staging", "prod"));
        }
        return project;
    }

    static Path chart() throws IOException {
        return project().resolve("helm/shop");
    }

    @Test
    void skeletonIsItselfAValidChart() {
        HelmRunner.lintStrict(Projects.skeleton());
        Manifests.parse(HelmRunner.template(Projects.skeleton())).assertSecure();
    }

    @Test
    void generatedChartPassesLintStrict() throws IOException {
        HelmRunner.lintStrict(chart());
    }

    @Test
    void chartTemplatesAreCopiedVerbatim() throws IOException {
        try (Stream<Path> s = Files.walk(Projects.skeleton().resolve("templates"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path rel = Projects.skeleton().relativize(p);
                assertEquals(Files.readString(p), Files.readString(chart().resolve(rel)), rel + " differs from the skeleton");
            }
        }
        assertFalse(Files.exists(chart().resolve("ci")), "the skeleton's ci/ values are not part of a generated chart");
    }

    static Stream<Arguments> valuesCombinations() throws IOException {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("defaults", List.of()));
        for (String env : List.of("dev", "staging", "prod")) {
            out.add(Arguments.of("values-" + env, List.of(project().resolve("helm/values-" + env + ".yaml"))));
        }
        for (Path ci : Projects.ciValues()) {
            out.add(Arguments.of("ci/" + ci.getFileName(), List.of(ci)));
            out.add(Arguments.of("values-prod + ci/" + ci.getFileName(), List.of(project().resolve("helm/values-prod.yaml"), ci)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesCombinations")
    void rendersValidSecureManifests(String label, List<Path> values) throws IOException {
        String yaml = HelmRunner.template(chart(), values, Map.of());
        Manifests.assertNoUnrendered(yaml, label);
        Manifests m = Manifests.parse(yaml);
        m.assertSecure();
        Deployment d = m.deployment();
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertEquals(List.of("copy-code"), pod.getInitContainers().stream().map(Container::getName).toList());
        assertEquals(List.of("php-fpm", "nginx"), pod.getContainers().stream().map(Container::getName).toList());
        assertEquals("0", d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getValue().toString());
        assertTrue(d.getSpec().getTemplate().getMetadata().getAnnotations().containsKey("checksum/nginx-config"));
        assertTrue(d.getSpec().getTemplate().getMetadata().getAnnotations().containsKey("checksum/php-config"));
        assertEquals("http", m.one(Service.class).getSpec().getPorts().get(0).getTargetPort().getStrVal());
    }

    @Test
    void theProbePortRuleFailsOnAProbeOfAnotherContainersPort() throws IOException {
        PodSpec pod = Manifests.parse(HelmRunner.template(chart())).deployment().getSpec().getTemplate().getSpec();
        Container fpm = pod.getContainers().get(0);
        Manifests.assertProbesOnOwnPorts("php-fpm", fpm);
        // What the chart did before: php-fpm's probes on nginx's health port (kube-linter: liveness-port).
        fpm.setLivenessProbe(new io.fabric8.kubernetes.api.model.ProbeBuilder().withNewHttpGet().withPath("/fpm-ping")
                .withNewPort(8081).endHttpGet().build());
        AssertionError e = assertThrows(AssertionError.class, () -> Manifests.assertProbesOnOwnPorts("php-fpm", fpm));
        assertTrue(e.getMessage().contains("liveness-port"), e.getMessage());
        Container nginx = pod.getContainers().get(1);
        nginx.setReadinessProbe(new io.fabric8.kubernetes.api.model.ProbeBuilder().withNewTcpSocket().withNewPort("stats").endTcpSocket().build());
        assertThrows(AssertionError.class, () -> Manifests.assertProbesOnOwnPorts("nginx", nginx));
    }

    @Test
    void prodEnvironmentTurnsOnAvailabilityAndIsolation() throws IOException {
        Manifests prod = Manifests.parse(HelmRunner.template(chart(), project().resolve("helm/values-prod.yaml")));
        assertEquals(3, prod.one(HorizontalPodAutoscaler.class).getSpec().getMinReplicas());
        assertEquals(12, prod.one(HorizontalPodAutoscaler.class).getSpec().getMaxReplicas());
        prod.one(PodDisruptionBudget.class);
        prod.one(NetworkPolicy.class);
        assertEquals(null, prod.deployment().getSpec().getReplicas(), "the HPA owns replicas");

        Manifests dev = Manifests.parse(HelmRunner.template(chart(), project().resolve("helm/values-dev.yaml")));
        assertEquals(1, dev.deployment().getSpec().getReplicas());
        assertTrue(dev.ofKind(HorizontalPodAutoscaler.class).isEmpty());
        assertTrue(dev.ofKind(PodDisruptionBudget.class).isEmpty());
        assertTrue(dev.ofKind(NetworkPolicy.class).isEmpty());
        assertTrue(dev.ofKind(Ingress.class).isEmpty());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("replicaCount", -1),
                Arguments.of("replicaCount", "three"),
                Arguments.of("unknownTopLevel", "x"),
                Arguments.of("nginx.port", 80),
                Arguments.of("nginx.port", "http"),
                Arguments.of("code.scope", "everything"),
                Arguments.of("code.docroot", "../etc"),
                Arguments.of("code.docroot", "/srv"),
                Arguments.of("code.path", "relative/path"),
                Arguments.of("code.medium", "Disk"),
                Arguments.of("fastcgi.transport", "udp"),
                Arguments.of("copy.method", "rsync"),
                Arguments.of("nginx.clientMaxBodySize", "16 MB"),
                Arguments.of("nginx.fastcgi.frontController", "/index.php; return 200"),
                Arguments.of("nginx.fastcgi.readTimeoutSeconds", 0),
                Arguments.of("php.fpm.pm", "adaptive"),
                Arguments.of("image.digest", "sha256:short"),
                Arguments.of("image.pullPolicy", "Sometimes"),
                Arguments.of("service.type", "ExternalName"),
                Arguments.of("nginx.typo", true));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void schemaRejectsBadValues(String key, Object value) throws IOException {
        Exception e = assertThrows(Exception.class, () -> HelmRunner.template(chart(), List.of(), Map.of(key, value)));
        assertTrue(e.getMessage().contains("schema") || e.getMessage().contains("values don't meet"),
                () -> "expected a schema error for " + key + "=" + value + ", got: " + e.getMessage());
    }

    @Test
    void theDocumentedHelmReleaseWorksForTagsNumericTagsAndDigests() throws IOException {
        for (String image : List.of("registry.example.com/rel:1.0", "registry.example.com/rel@sha256:" + "a".repeat(64))) {
            Path dir = Projects.write(Projects.project("rel", image, null, "prod"));
            Path values = dir.resolve("helm/values-prod.yaml");
            // The command in the values file's header, run as Helm would: --set-string is a string
            // whatever it looks like; --set of a digest is a string anyway.
            String command = Files.readString(values).lines().filter(l -> l.startsWith("#     --namespace ")).findFirst().orElseThrow();
            assertTrue(command.startsWith("#     --namespace rel-prod --create-namespace --set"), command);
            String set = command.substring(command.lastIndexOf(' ') + 1);
            String key = set.substring(0, set.indexOf('='));
            String value = set.substring(set.indexOf('=') + 1).replace("NEW_TAG", "20241126").replace("NEW_DIGEST", "b".repeat(64));
            Path release = Files.createTempFile(dir, "release-", ".yaml");
            Files.writeString(release, "image:\n  " + key.substring("image.".length()) + ": \"" + value + "\"\n");
            String rendered = HelmRunner.template(dir.resolve("helm/rel"), List.of(values, release), Map.of());
            String expected = image.contains("@") ? "registry.example.com/rel@sha256:" + "b".repeat(64) : "registry.example.com/rel:20241126";
            assertTrue(rendered.contains("image: \"" + expected + "\""), "an all-digit tag and a new digest both reach the pod:\n" + command);
            assertEquals(image.contains("@") ? "--set image.digest=sha256:NEW_DIGEST" : "--set-string image.tag=NEW_TAG",
                    command.substring(command.indexOf("--create-namespace ") + "--create-namespace ".length()));
        }
    }

    @Test
    void releaseChangesOnlyImageReferencesAndVersionLabels() throws IOException {
        Path prod = project().resolve("helm/values-prod.yaml");
        String v41 = HelmRunner.template(chart(), List.of(prod), Map.of("image.tag", "v41"));
        String v42 = HelmRunner.template(chart(), List.of(prod), Map.of("image.tag", "v42"));
        List<String> a = v41.lines().toList();
        List<String> b = v42.lines().toList();
        assertEquals(a.size(), b.size(), "a tag bump must not add or remove lines");
        int changed = 0;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                changed++;
                String line = b.get(i).strip();
                assertTrue(line.startsWith("app.kubernetes.io/version: \"v42\"") || line.startsWith("image: \"registry.example.com/shop:v42\""),
                        "unexpected change on a tag bump: " + a.get(i) + " -> " + b.get(i));
            }
        }
        assertTrue(changed >= 2, "the image reference must change");
    }

    @Test
    void appVersionIsTheImageTagByDefault() throws IOException {
        String yaml = HelmRunner.template(chart());
        assertTrue(yaml.contains("image: \"registry.example.com/shop:1.4.2\""), yaml);
        assertTrue(Files.readString(chart().resolve("Chart.yaml")).contains("appVersion: \"1.4.2\""));
        assertTrue(Files.readString(chart().resolve("Chart.yaml")).contains("name: shop\n"));
        String digest = HelmRunner.template(chart(), List.of(), Map.of("image.digest", "sha256:" + "a".repeat(64)));
        assertTrue(digest.contains("image: \"registry.example.com/shop@sha256:" + "a".repeat(64) + "\""), "a digest wins over the tag");
    }

    @Test
    void generatedFilesBesideTheTemplatesHaveNoLeftovers() throws IOException {
        for (String f : List.of("phpod.yaml", "helm/values-dev.yaml", "helm/values-prod.yaml", "helm/shop/Chart.yaml",
                "helm/shop/values.yaml", "helm/shop/README.md")) {
            String text = Files.readString(project().resolve(f));
            Manifests.assertNoUnrendered(text, f);
            assertFalse(text.matches("(?s).*\\{[a-zA-Z_#/!][^}\\n]*\\}.*") && !f.endsWith("README.md") && !f.endsWith("values.yaml"),
                    f + " has an unrendered Qute expression");
        }
        assertFalse(Files.readString(chart().resolve("Chart.yaml")).contains(dev.phpod.generate.Placeholders.NAME));
    }
}
