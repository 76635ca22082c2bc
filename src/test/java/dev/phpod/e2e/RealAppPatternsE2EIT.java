package dev.phpod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The patterns real PHP apps share, each shown by the sample app (see build-images.sh): a script
 * with a path after it, an upload asked for before and after it exists, a session, a link to a
 * folder outside the code tree, a folder only root can read, a data folder seeded from the image,
 * and a folder that .htaccess would hide. On both paths: the writable and denied paths are given in
 * phpod.yaml, which phpod turns into the chart's values and the Kustomize base's layout alike.
 */
class RealAppPatternsE2EIT {
    static final Map<String, PlayedPod> PODS = new LinkedHashMap<>();

    @TempDir
    static Path work;

    @BeforeAll
    static void play() throws Exception {
        Path descriptor = work.resolve("phpod.yaml");
        java.nio.file.Files.writeString(descriptor, String.join("\n",
                "phpod: \"0.1.0\"",
                "name: apps",
                "image: " + E2e.images().app(),
                "writablePaths:",
                "  - {name: uploads, path: public/uploads}",
                "  - {name: data, path: data, seed: true}",
                "deniedPaths: [/conf]",
                "environments: [dev, prod]", ""));
        PODS.putAll(E2e.playProject(work, E2e.initFrom(work, "apps", descriptor)));
    }

    @AfterAll
    static void tearDown() {
        PODS.values().forEach(PlayedPod::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void aScriptWithAPathAfterItGetsItAsPathInfo(String path) throws IOException {
        PlayedPod pod = PODS.get(path);
        assertEquals("script=/info.php path_info=/start\n", pod.get("/info.php/start").body());
        assertEquals("script=/info.php path_info=/v1/page/Main_Page\n", pod.get("/info.php/v1/page/Main_Page").body());
        assertEquals("script=/info.php path_info=/media/logo.png\n", pod.get("/info.php/media/logo.png").body(),
                "a PHP route that ends like a static file is still the route");
        assertEquals("script=/info.php path_info=\n", pod.get("/info.php").body());
        assertEquals(404, pod.get("/nothing.php/start").statusCode(), "a script that is not a file is not run");
        assertEquals(404, pod.get("/style.css/x.php").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void sessionsWork(String path) throws IOException {
        PlayedPod pod = PODS.get(path);
        HttpResponse<String> first = pod.get("/session");
        assertEquals("session 1\n", first.body(), first.body() + pod.logs("php-fpm"));
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> second = PlayedPod.send(HttpRequest.newBuilder(pod.uri("/session")).header("Cookie", cookie).build());
        assertEquals("session 2\n", second.body(), "the session survives between requests");
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void linksOutOfTheCodeTreeAndUnreadableFoldersDoNotBreakThePod(String path) throws IOException {
        PlayedPod pod = PODS.get(path);
        HttpResponse<String> js = pod.get("/vendor-js/lib.js");
        assertEquals(200, js.statusCode(), "nginx serves a link to a folder that only the app image has");
        assertEquals("var lib = 1;\n", js.body());
        assertEquals(404, pod.get("/gone.js").statusCode(), "a link that points nowhere is a 404, not a failed pod");
        HttpResponse<String> secret = pod.get("/private/secret.txt");
        assertEquals(404, secret.statusCode(), "the folder only root can read was skipped, and the pod started");
        assertEquals(200, pod.get("/style.css").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void anUploadIsServedAsSoonAsItExists(String path) throws IOException {
        PlayedPod pod = PODS.get(path);
        assertEquals(404, pod.get("/uploads/late-" + path + ".txt").statusCode(), "not there yet (nginx would cache this miss for 60 s)");
        assertEquals(200, PodE2EIT.upload(pod, "late-" + path + ".txt", "arrived").statusCode());
        HttpResponse<String> r = pod.get("/uploads/late-" + path + ".txt");
        assertEquals(200, r.statusCode(), "served at once after the upload");
        assertEquals("arrived", r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void aWritablePathIsSeededFromTheImage(String path) throws IOException {
        PlayedPod pod = PODS.get(path);
        assertEquals("seed from the image visits 1\n", pod.get("/seeded").body(), pod.logs("php-fpm"));
        assertEquals("seed from the image visits 2\n", pod.get("/seeded").body(), "the app writes into the seeded volume");
        String owner = pod.exec("php-fpm", "stat", "-c", "%u", "/var/www/html/data/seed.txt").check("stat").out().strip();
        assertEquals("33", owner, "copied by the copy step as the pod's user, not pre-filled by the runtime");
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void deniedPathsStandInForHtaccess(String path) throws IOException {
        PlayedPod pod = PODS.get(path);
        for (String p : List.of("/conf/settings.txt", "/conf/", "/conf", "/conf/../conf/settings.txt")) {
            HttpResponse<String> r = pod.get(p);
            assertEquals(403, r.statusCode(), p);
            assertFalse(r.body().contains("SECRET"), p);
        }
    }
}
