package dev.phpod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.phpod.support.Manifests;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * codeSource: image (issue #24), played: the sample app's image mounted into nginx as an image
 * volume at the docroot (podman's image mount, see {@link PlayedPod}), no copy step at all, and the
 * pod serves PHP through php-fpm's own image and static files from the mounted image, on both paths.
 */
class ImageVolumeE2EIT {
    @TempDir
    static Path work;

    private static Path project() throws Exception {
        Path project = work.resolve("deploy-iv");
        if (Files.isDirectory(project)) {
            return project;
        }
        Path descriptor = work.resolve("phpod.yaml");
        Files.writeString(descriptor, String.join("\n",
                "phpod: \"0.1.0\"",
                "name: iv",
                "image: " + E2e.images().app(),
                "environments:",
                "  - {name: dev, codeSource: image}",
                ""));
        return E2e.initFrom(work, "iv", descriptor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void theImageVolumePodServesTheAppWithNoCopyStep(String path) throws Exception {
        Path project = project();
        String rendered = path.equals("helm") ? E2e.renderForKube("1.35.0", project, Map.of()) : E2e.kustomize(project);
        PodSpec spec = Manifests.parse(rendered).deployment().getSpec().getTemplate().getSpec();
        assertTrue(spec.getInitContainers() == null || spec.getInitContainers().isEmpty(), "no copy step: " + spec.getInitContainers());
        assertTrue(spec.getVolumes().stream().noneMatch(v -> v.getName().equals("code") && v.getEmptyDir() != null), "no code emptyDir");
        try (PlayedPod pod = PlayedPod.play(rendered, "phpod-iv-" + path, true, work)) {
            pod.awaitReady(java.time.Duration.ofSeconds(90));
            HttpResponse<String> home = pod.get("/");
            assertEquals(200, home.statusCode(), home.body() + pod.logs("nginx") + pod.logs("php-fpm"));
            assertEquals("hello from php\n", home.body());
            HttpResponse<String> pretty = pod.get("/pretty/shoes/42");
            assertEquals("route shoes/42\n", pretty.body(), "the front controller, found by nginx in the mounted image");
            HttpResponse<String> css = pod.get("/style.css");
            assertEquals(200, css.statusCode());
            assertTrue(css.body().startsWith("body { color: #333; }"), "a static file served by nginx from the image volume");
            assertFalse(css.headers().firstValue("X-Sample-App").isPresent(), "static files must not go through PHP");
            // nginx's view of the code is the image's, read-only: nothing can be written into it.
            Podman.Result write = pod.exec("nginx", "sh", "-c", "touch /var/www/html/public/x 2>&1; echo rc=$?");
            assertTrue(write.out().contains("rc=1") || write.out().contains("Read-only"), write.out() + write.err());
        }
    }
}
