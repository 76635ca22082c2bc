package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.phpod.support.HelmRunner;
import dev.phpod.support.Manifests;
import dev.phpod.support.Projects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * code.source image (issue #24): the app image mounted into nginx as a Kubernetes image volume at
 * the folder the copy would have filled, with no copy step and no code emptyDir; php-fpm runs its
 * own image as always; seeds still filled; refused on clusters without image volumes.
 */
class ImageVolumeTest {

    private static Manifests render(String kube, Map<String, Object> set) {
        Map<String, Object> all = new HashMap<>(Map.of("tests.enabled", false, "code.source", "image"));
        all.putAll(set);
        Manifests m = Manifests.parse(HelmRunner.templateForKube(kube, Projects.skeleton(), List.of(), all));
        m.assertSecure();
        return m;
    }

    private static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static VolumeMount mount(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(v -> v.getName().equals(volume)).findFirst().orElse(null);
    }

    @Test
    void nginxMountsTheDocrootOfTheAppImageAndNothingIsCopied() {
        Manifests m = render("1.35.0", Map.of("image.repository", "registry.example.com/shop", "image.tag", "1.4.2"));
        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();
        assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty(), "no copy step: " + pod.getInitContainers());
        Volume code = pod.getVolumes().stream().filter(v -> v.getName().equals("code")).findFirst().orElseThrow();
        assertNull(code.getEmptyDir(), "no code emptyDir");
        assertEquals("registry.example.com/shop:1.4.2", code.getImage().getReference(), "the very image php-fpm runs");
        assertEquals(container(pod, "php-fpm").getImage(), code.getImage().getReference());
        assertEquals("IfNotPresent", code.getImage().getPullPolicy());
        VolumeMount nginx = mount(container(pod, "nginx"), "code");
        assertEquals("/var/www/html/public", nginx.getMountPath());
        assertEquals("var/www/html/public", nginx.getSubPath(), "the docroot of the image, at the same path");
        assertTrue(nginx.getReadOnly());
        assertNull(mount(container(pod, "php-fpm"), "code"), "php-fpm runs the code of its own image");
        String conf = m.configMap("-nginx").getData().get("nginx.conf");
        assertTrue(conf.contains("location = /healthz {\n            return 200"), "ready when nginx answers: no copy marker to wait for");
        assertFalse(conf.contains(".phpod-copy-complete"));
    }

    @Test
    void scopeFullMountsTheWholeCodePathAndADigestIsMountedAsPinned() {
        String digest = "sha256:" + "c".repeat(64);
        Manifests m = render("1.33.0", Map.of("code.scope", "full", "image.digest", digest));
        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();
        VolumeMount nginx = mount(container(pod, "nginx"), "code");
        assertEquals("/var/www/html", nginx.getMountPath());
        assertEquals("var/www/html", nginx.getSubPath());
        assertNull(mount(container(pod, "php-fpm"), "code"));
        Volume code = pod.getVolumes().stream().filter(v -> v.getName().equals("code")).findFirst().orElseThrow();
        assertTrue(code.getImage().getReference().endsWith("@" + digest), code.getImage().getReference());
    }

    @Test
    void seedsAreStillFilledByAnInitContainerThatCopiesNoCode() {
        Manifests m = render("1.35.0", Map.of("writablePaths[0].name", "data", "writablePaths[0].path", "/var/www/html/data",
                "writablePaths[0].seed", true));
        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getInitContainers().size());
        Container seed = pod.getInitContainers().get(0);
        assertEquals("seed", seed.getName());
        assertEquals("", seed.getEnv().stream().filter(e -> e.getName().equals("PHPOD_COPY_SOURCE")).map(EnvVar::getValue).findFirst().orElseThrow(),
                "no code source: the script seeds and stops");
        assertEquals(List.of("writable-data"), seed.getVolumeMounts().stream().map(VolumeMount::getName).toList());
    }

    @Test
    void clustersWithoutImageVolumesAreRefusedWithTheWayOut() {
        Exception e = assertThrows(Exception.class, () -> render("1.31.0", Map.of()));
        assertTrue(e.getMessage().contains("code.source image mounts the app image as an image volume, which Kubernetes v1.31.0 does not have"
                + " (1.33+, on by default from 1.35): use code.source copy on this cluster"), e.getMessage());
        assertThrows(Exception.class, () -> render("1.35.0", Map.of("code.source", "volume")), "the schema knows copy and image");
    }

    @Test
    void copyStaysTheDefault() {
        PodSpec pod = Manifests.parse(HelmRunner.templateForKube("1.35.0", Projects.skeleton(), List.of(), Map.of("tests.enabled", false)))
                .deployment().getSpec().getTemplate().getSpec();
        assertEquals("copy-code", pod.getInitContainers().get(0).getName());
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals("code") && v.getEmptyDir() != null));
    }
}
