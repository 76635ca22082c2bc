package dev.phpod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A project of each framework preset served as its user would get it: 'phpod init --source' on the
 * app's tree (the preset is found there, nothing else given but the image and its code path), then
 * the pod played on both paths. Laravel 8 and Symfony 5.4 are the real frameworks (Debian's
 * packages); Drupal and WordPress are their layouts with a stand-in front controller, since Debian
 * packages neither in a form that runs without a database. See src/test/e2e/frameworks/.
 */
class FrameworkPresetsE2EIT {
    static final Map<String, PlayedPod> PODS = new LinkedHashMap<>();
    static final Map<String, String> INIT_OUTPUT = new LinkedHashMap<>();

    @TempDir
    static Path work;

    @BeforeAll
    static void play() throws Exception {
        try {
            for (String framework : List.of("laravel", "symfony", "drupal", "wordpress")) {
                Path project = E2e.init(work, framework, "--image", E2e.images().frameworks(), "--code-path", "/srv/" + framework,
                        "--source", "src/test/e2e/frameworks/" + framework);
                INIT_OUTPUT.put(framework, Files.readString(project.resolve("phpod.yaml")));
                E2e.playProject(work, project).forEach((path, pod) -> PODS.put(framework + "/" + path, pod));
            }
        } catch (Exception | Error e) {
            tearDown();
            throw e;
        }
    }

    @AfterAll
    static void tearDown() {
        PODS.values().forEach(PlayedPod::close);
        PODS.clear();
    }

    /** A script whose output ("RAN") is not in its source. */
    static final String SHELL = "<?php echo 'R' . 'AN';";

    /** The uploaded script exists and is answered as a file (or refused), never run. */
    private static void assertNotRun(PlayedPod pod, String path) throws IOException {
        HttpResponse<String> r = pod.get(path);
        assertTrue(r.statusCode() == 200 && r.body().equals(SHELL) || r.statusCode() == 403, path + ": " + r.statusCode() + " " + r.body());
    }

    /** The app's home page, which must answer 200 (php-fpm's log tells why when it does not). */
    private static HttpResponse<String> home(PlayedPod pod) throws IOException {
        HttpResponse<String> home = pod.get("/");
        assertEquals(200, home.statusCode(), home.body() + pod.logs("php-fpm"));
        return home;
    }

    private static String cookie(HttpResponse<String> r) {
        return r.headers().firstValue("set-cookie").map(c -> c.substring(0, c.indexOf(';'))).orElseThrow(() -> new AssertionError("no cookie: " + r.headers()));
    }

    private static HttpResponse<String> get(PlayedPod pod, String path, String cookie) throws IOException {
        return PlayedPod.send(HttpRequest.newBuilder(pod.uri(path)).header("Cookie", cookie).timeout(Duration.ofSeconds(20)).GET().build());
    }

    static HttpResponse<String> post(PlayedPod pod, String path, String body) throws IOException {
        return PlayedPod.send(HttpRequest.newBuilder(pod.uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertSessionCounts(PlayedPod pod) throws IOException {
        HttpResponse<String> first = pod.get("/visits");
        assertEquals("visits 1\n", first.body(), pod.logs("php-fpm"));
        String cookie = cookie(first);
        assertEquals("visits 2\n", get(pod, "/visits", cookie).body(), "the session was written and read back");
        assertEquals("visits 3\n", get(pod, "/visits", cookie).body());
    }

    @org.junit.jupiter.api.Test
    void initFindsEachPresetInTheAppsTree() {
        assertTrue(INIT_OUTPUT.get("laravel").contains("preset: laravel\ndocroot: \"public\"\n"), INIT_OUTPUT.get("laravel"));
        assertTrue(INIT_OUTPUT.get("symfony").contains("preset: symfony\ndocroot: \"public\"\n"), INIT_OUTPUT.get("symfony"));
        assertTrue(INIT_OUTPUT.get("drupal").contains("preset: drupal\ndocroot: \"web\"\n"), INIT_OUTPUT.get("drupal"));
        assertTrue(INIT_OUTPUT.get("wordpress").contains("preset: wordpress\ndocroot: \".\"\n"), INIT_OUTPUT.get("wordpress"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void laravel(String path) throws IOException {
        PlayedPod pod = PODS.get("laravel/" + path);
        HttpResponse<String> home = home(pod);
        assertTrue(home.body().contains("<h1>Laravel 8.83"), "a Blade view, compiled into storage/framework/views:\n" + home.body());
        assertEquals("user 42\n", pod.get("/users/42").body(), "a route through the front controller");
        assertSessionCounts(pod);

        assertEquals(404, pod.get("/storage/avatars/me.txt").statusCode());
        HttpResponse<String> stored = post(pod, "/avatars?name=me.txt", "my avatar");
        assertEquals(201, stored.statusCode(), stored.body() + pod.logs("php-fpm"));
        assertEquals("/storage/avatars/me.txt\n", stored.body());
        HttpResponse<String> served = pod.get("/storage/avatars/me.txt");
        assertEquals(200, served.statusCode(), "the public disk, through public/storage (kept a link into the storage volume)");
        assertEquals("my avatar", served.body());
        assertEquals(201, post(pod, "/avatars?name=shell.php", SHELL).statusCode());
        assertNotRun(pod, "/storage/avatars/shell.php");
        assertEquals("shell.php\n", pod.get("/last-avatar").body(), "the file cache in storage/framework/cache");

        assertEquals("/srv/laravel/storage/app/public\n", pod.exec("nginx", "readlink", "/srv/laravel/public/storage").check("readlink").out(),
                "the copy kept the link into the storage volume");
        String cache = pod.exec("php-fpm", "ls", "/srv/laravel/bootstrap/cache").check("ls").out();
        assertTrue(cache.contains("packages.php") && cache.contains("services.php"),
                "bootstrap/cache holds the seeded manifest and the one Laravel wrote: " + cache);
        assertTrue(pod.exec("php-fpm", "cat", "/srv/laravel/storage/logs/laravel.log").check("log").out().contains("stored avatar me.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void symfony(String path) throws IOException {
        PlayedPod pod = PODS.get("symfony/" + path);
        HttpResponse<String> home = home(pod);
        assertTrue(home.body().matches("Symfony 5\\.4\\.\\d+ on phpod, cache warm\n"), "var/ seeded with the cache warmed in the image: " + home.body());
        assertEquals("hello world\n", pod.get("/hello/world").body());
        assertTrue(pod.exec("php-fpm", "cat", "/srv/symfony/var/log/hello.log").check("log").out().contains("world"));
        assertEquals(404, pod.get("/nothing/here").statusCode());
        assertSessionCounts(pod);
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void drupal(String path) throws IOException {
        PlayedPod pod = PODS.get("drupal/" + path);
        assertEquals("drupal page /node/1\n", pod.get("/node/1").body(), pod.logs("nginx"));
        assertEquals("update.php ran\n", pod.get("/update.php").body());
        assertEquals("a photo\n", pod.get("/sites/default/files/photo.png").body(), "public files seeded from the image");
        HttpResponse<String> made = pod.get("/sites/default/files/styles/thumbnail/public/photo.png");
        assertEquals(200, made.statusCode(), made.body());
        assertEquals("thumbnail of a photo\n", made.body());
        assertEquals("drupal", made.headers().firstValue("x-generated-by").orElse(""), "a missing image style goes to Drupal");
        HttpResponse<String> again = pod.get("/sites/default/files/styles/thumbnail/public/photo.png");
        assertEquals("thumbnail of a photo\n", again.body());
        assertTrue(again.headers().firstValue("x-generated-by").isEmpty(), "once made, nginx serves it");
        for (String source : List.of("/core/modules/node/node.info.yml", "/core/modules/node/node.module", "/core/modules/node/page.html.twig",
                "/sites/default/files/.htaccess")) {
            HttpResponse<String> r = pod.get(source);
            assertEquals(403, r.statusCode(), source);
            assertFalse(r.body().contains("SOURCE-LEAK"), source);
        }
        assertEquals(200, pod.get("/core/misc/drupal.js").statusCode());
        String b64 = java.util.Base64.getEncoder().encodeToString(SHELL.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        pod.exec("php-fpm", "sh", "-c", "echo " + b64 + " | base64 -d > /srv/drupal/web/sites/default/files/x.php").check("drop a script");
        assertNotRun(pod, "/sites/default/files/x.php");
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void wordpress(String path) throws IOException {
        PlayedPod pod = PODS.get("wordpress/" + path);
        assertEquals("wordpress page /2026/11/hello-world/\n", pod.get("/2026/11/hello-world/").body(), pod.logs("nginx"));
        assertEquals(200, pod.get("/wp-content/themes/phpod/style.css").statusCode());
        assertFalse(pod.get("/wp-config.php").body().contains("SOURCE-LEAK"));
        assertEquals("", pod.exec("php-fpm", "ls", "-A", "/srv/wordpress/wp-content/uploads").check("ls").out(),
                "the image has no uploads folder: the seeded volume starts empty");

        String month = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM"));
        String photo = "/wp-content/uploads/" + month + "/photo-" + path + ".txt";
        assertEquals(404, pod.get(photo).statusCode());
        HttpResponse<String> up = post(pod, "/wp-admin/async-upload.php?name=photo-" + path + ".txt", "pixels");
        assertEquals(photo + "\n", up.body(), pod.logs("php-fpm"));
        assertEquals("pixels", pod.get(photo).body(), "an upload asked for before it existed answers at once");
        post(pod, "/wp-admin/async-upload.php?name=shell.php", SHELL);
        assertNotRun(pod, "/wp-content/uploads/" + month + "/shell.php");
    }
}
