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

    /**
     * The real apps through the image volume: Laravel 8 (Debian's framework) with its public disk
     * reached through public/storage, a link in the image into the storage volume, and the WordPress
     * layout with an upload served as soon as it exists. Each found by init from the app's tree, then
     * switched to codeSource: image in phpod.yaml and generated again, as a user does. The only init
     * container left is the one that seeds the writable paths.
     *
     * <p>WordPress' tree has no wp-content/uploads, and a mount point cannot be made inside a
     * read-only image volume: as the README says, the folder must be in the image. The pod of the
     * image without it does not start (runc: read-only file system, as on a node); the WordPress
     * cases run on the same image with the folder made in a layer on top, as a Dockerfile would.
     */
    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"laravel, helm", "laravel, kustomize", "wordpress, helm", "wordpress, kustomize"})
    void realAppsServeThroughTheImageVolume(String framework, String path) throws Exception {
        Path project = work.resolve("deploy-" + framework);
        if (!Files.isDirectory(project)) {
            String image = E2e.images().frameworks();
            if (framework.equals("wordpress")) {
                Path without = writeIvProject(framework, image);
                AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                        () -> PlayedPod.play(E2e.renderForKube("1.35.0", without, Map.of()), "phpod-iv-no-uploads", true, work).close());
                assertTrue(refused.getMessage().contains("wp-content/uploads") && refused.getMessage().contains("read-only file system"),
                        refused.getMessage());
                image = E2e.images().frameworks() + "-uploads";
                Path context = Files.createDirectories(work.resolve("uploads-layer"));
                Files.writeString(context.resolve("Containerfile"), "FROM " + E2e.images().frameworks()
                        + "\nRUN mkdir -p /srv/wordpress/wp-content/uploads && chown 33:33 /srv/wordpress/wp-content/uploads\n");
                Podman.podman("build", "--network", "none", "-t", image, context.toString()).check("podman build of the uploads layer");
            }
            project = writeIvProject(framework, image);
        }
        String rendered = path.equals("helm") ? E2e.renderForKube("1.35.0", project, Map.of()) : E2e.kustomize(project);
        PodSpec spec = Manifests.parse(rendered).deployment().getSpec().getTemplate().getSpec();
        assertEquals(List.of("seed"), spec.getInitContainers().stream().map(c -> c.getName()).toList(), "only the seed step, no copy");
        assertTrue(spec.getVolumes().stream().anyMatch(v -> v.getName().equals("code") && v.getImage() != null), "the code is an image volume");
        try (PlayedPod pod = PlayedPod.play(rendered, "phpod-iv-" + framework + "-" + path, true, work)) {
            pod.awaitReady(java.time.Duration.ofSeconds(90));
            if (framework.equals("laravel")) {
                HttpResponse<String> home = pod.get("/");
                assertTrue(home.body().contains("<h1>Laravel 8.83"), home.body() + pod.logs("nginx") + pod.logs("php-fpm"));
                assertEquals("user 42\n", pod.get("/users/42").body(), "a route through the front controller");
                HttpResponse<String> stored = FrameworkPresetsE2EIT.post(pod, "/avatars?name=me.txt", "my avatar");
                assertEquals(201, stored.statusCode(), stored.body() + pod.logs("php-fpm"));
                HttpResponse<String> served = pod.get("/storage/avatars/me.txt");
                assertEquals(200, served.statusCode(), "the public disk through the image's public/storage link" + pod.logs("nginx"));
                assertEquals("my avatar", served.body());
            } else {
                assertEquals("wordpress page /2026/11/hello-world/\n", pod.get("/2026/11/hello-world/").body(), pod.logs("nginx"));
                assertEquals(200, pod.get("/wp-content/themes/phpod/style.css").statusCode(), "a theme's file from the image volume");
                String month = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyy/MM"));
                String photo = "/wp-content/uploads/" + month + "/photo.txt";
                assertEquals(photo + "\n", FrameworkPresetsE2EIT.post(pod, "/wp-admin/async-upload.php?name=photo.txt", "pixels").body(),
                        pod.logs("php-fpm"));
                assertEquals("pixels", pod.get(photo).body(), "an upload, served by nginx from the uploads volume");
            }
        }
    }

    /** init of the framework's tree from this image, then codeSource: image for dev in phpod.yaml and generate, as a user does. */
    private static Path writeIvProject(String framework, String image) throws Exception {
        Path project = work.resolve("deploy-" + framework);
        if (Files.isDirectory(project)) {
            try (var files = Files.walk(project)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        project = E2e.init(work, framework, "--image", image, "--code-path", "/srv/" + framework, "--source", "src/test/e2e/frameworks/" + framework);
        Path descriptor = project.resolve("phpod.yaml");
        String text = Files.readString(descriptor);
        int at = text.indexOf("    size: small\n", text.indexOf("  - name: dev\n"));
        assertTrue(at > 0, text);
        Files.writeString(descriptor, text.substring(0, at) + "    size: small\n    codeSource: image\n" + text.substring(at + "    size: small\n".length()));
        Podman.run(null, 120, dev.phpod.support.Packaged.command("generate", project.toString()).toArray(String[]::new)).check("phpod generate");
        return project;
    }
}
