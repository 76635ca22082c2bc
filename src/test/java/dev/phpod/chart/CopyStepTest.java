package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.phpod.support.HelmRunner;
import dev.phpod.support.Manifests;
import dev.phpod.support.Projects;
import io.fabric8.kubernetes.api.model.Container;

/**
 * Runs the copy-code init container's own script, as rendered by Helm, with /bin/sh on real trees:
 * a fresh copy, a repeated run, a run after an interrupted copy, and an unreadable source.
 */
class CopyStepTest {

    @TempDir
    Path tmp;

    /** PHPOD_WRITABLE_PATHS for the next run. */
    private String writablePaths = "";

    record Run(int exit, String output) {
    }

    /** The copy-code init container as Helm renders it with these values. */
    private static Container init(Map<String, Object> set) {
        String yaml = HelmRunner.template(Projects.skeleton(), List.of(), set);
        Container init = Manifests.parse(yaml).deployment().getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertEquals(List.of("/bin/sh", "-c"), init.getCommand());
        return init;
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static String script(String method) {
        return init(Map.of("copy.method", method)).getArgs().get(0);
    }

    private Run run(String script, Path src, Path dst, String method) throws Exception {
        return run(script, src, dst, method, "");
    }

    private Run run(String script, Path src, Path dst, String method, String mountPoints) throws Exception {
        return run(script, src, dst, method, mountPoints, "", null, false);
    }

    /**
     * Runs the script with dst (and the seed volumes' folder, for /phpod-seed) put in; asUid33 runs
     * it as the pod's user (setpriv), for the tests where root's power to read anything would hide
     * what the pod sees.
     */
    private Run run(String script, Path src, Path dst, String method, String mountPoints, String seeds, Path seedRoot, boolean asUid33)
            throws Exception {
        assertTrue(script.contains("dst=/phpod-copy\n"));
        String s = script.replace("dst=/phpod-copy\n", "dst='" + dst + "'\n");
        if (seedRoot != null) {
            assertTrue(s.contains("v=/phpod-seed/$name"));
            s = s.replace("v=/phpod-seed/$name", "v='" + seedRoot + "'/$name");
            // A waiter takes a claim over after one still heartbeat instead of ten (20 s).
            assertTrue(s.contains("quiet_limit=10 "));
            s = s.replace("quiet_limit=10 ", "quiet_limit=" + quietLimit + " ");
        }
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", "-c", s));
        if (asUid33) {
            cmd.addAll(0, List.of("setpriv", "--reuid=33", "--regid=33", "--clear-groups"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PHPOD_COPY_SOURCE", src.toString());
        pb.environment().put("PHPOD_COPY_METHOD", method);
        pb.environment().put("PHPOD_MOUNT_POINTS", mountPoints);
        pb.environment().put("PHPOD_SEEDS", seeds);
        pb.environment().put("PHPOD_WRITABLE_PATHS", writablePaths);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    /** Heartbeats of 2 s a waiter sees still before it takes a seed's claim over. */
    private int quietLimit = 1;

    private Path sampleTree() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("css/deep/er"));
        Files.writeString(src.resolve("index.php"), "<?php echo 'hi';");
        Files.writeString(src.resolve(".htaccess"), "deny");
        Files.writeString(src.resolve("css/site.css"), "body{}");
        Files.writeString(src.resolve("css/deep/er/x.txt"), "x".repeat(100_000));
        Files.createDirectories(src.resolve("empty-dir"));
        return src;
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String rel = root.relativize(p).toString();
                out.put(rel, Files.isDirectory(p) ? "<dir>" : Files.readString(p));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = { "tar", "cp" })
    void copiesTheWholeTreeAndCommitsWithAMarker(String method) throws Exception {
        Path src = sampleTree();
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Run r = run(script(method), src, dst, method);
        assertEquals(0, r.exit(), r.output());
        Map<String, String> copied = tree(dst);
        assertEquals("ok\n", copied.remove(".phpod-copy-complete"));
        assertEquals(tree(src), copied, "the copy must equal the source, nothing more, nothing less");
    }

    @ParameterizedTest
    @ValueSource(strings = { "tar", "cp" })
    void mountPointsOfNestedWritableVolumesArePartOfTheCopy(String method) throws Exception {
        Path src = sampleTree();
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Container init = init(Map.of("copy.method", method,
                "writablePaths[0].name", "uploads", "writablePaths[0].path", "/var/www/html/public/media/uploads",
                "writablePaths[1].name", "cache", "writablePaths[1].path", "/var/www/html/var/cache"));
        assertEquals("media/uploads", env(init, "PHPOD_MOUNT_POINTS"), "only the writable path inside the docroot is nested in the copy");
        Run r = run(init.getArgs().get(0), src, dst, method, "media/uploads");
        assertEquals(0, r.exit(), r.output());
        assertTrue(Files.isDirectory(dst.resolve("media/uploads")));
        assertTrue(Files.exists(dst.resolve(".phpod-copy-complete")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "tar", "cp" })
    void aRepeatedRunKeepsTheCompleteCopy(String method) throws Exception {
        Path src = sampleTree();
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        String script = script(method);
        assertEquals(0, run(script, src, dst, method).exit());
        FileTime before = Files.getLastModifiedTime(dst.resolve("index.php"));
        Thread.sleep(20);
        Run again = run(script, src, dst, method);
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("already holds a complete copy"), again.output());
        assertEquals(before, Files.getLastModifiedTime(dst.resolve("index.php")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "tar", "cp" })
    void anInterruptedCopyIsRedoneFromScratch(String method) throws Exception {
        Path src = sampleTree();
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        // What a killed init container leaves: a half-filled staging folder and entries already moved,
        // one of them stale, and no marker.
        Files.createDirectories(dst.resolve(".phpod-staging/css"));
        Files.writeString(dst.resolve(".phpod-staging/css/site.css"), "bo");
        Files.writeString(dst.resolve("index.php"), "<?php // an older, half-written file");
        Files.writeString(dst.resolve("stale.php"), "<?php // not in the image any more");
        Run r = run(script(method), src, dst, method);
        assertEquals(0, r.exit(), r.output());
        Map<String, String> copied = tree(dst);
        copied.remove(".phpod-copy-complete");
        assertEquals(tree(src), copied, "no mixed tree: stale and half-written files are gone");
    }

    @ParameterizedTest
    @ValueSource(strings = { "tar", "cp" })
    void aMissingSourceFailsWithoutMarker(String method) throws Exception {
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Run r = run(script(method), tmp.resolve("no-such-dir"), dst, method);
        assertNotEquals(0, r.exit(), r.output());
        assertFalse(Files.exists(dst.resolve(".phpod-copy-complete")), "a failed copy must not commit");
    }

    /** The pod's user must reach the temporary folders; the source stays root's, as in an image. */
    private void openForUid33(Path... writable) throws IOException {
        assumeRoot();
        for (Path p = tmp; p != null && !p.equals(p.getRoot()); p = p.getParent()) {
            p.toFile().setExecutable(true, false);
        }
        for (Path w : writable) {
            Files.createDirectories(w);
            Files.setOwner(w, w.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("33"));
        }
    }

    /** Playing uid 33 takes root (setpriv), as CI has: it fails in CI without, and is aborted on a developer's machine. */
    private static void assumeRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            String msg = "the copy tests that play the pod's user (uid 33) need root for setpriv";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(msg);
            }
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "tar", "cp" })
    void entriesThePodsUserCannotReadAreSkippedOrNamed(String method) throws Exception {
        Path src = sampleTree();
        Files.createDirectories(src.resolve("lib/plugins/testing"));
        Files.writeString(src.resolve("lib/plugins/testing/secret.php"), "x");
        Files.setPosixFilePermissions(src.resolve("lib/plugins/testing"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.writeString(src.resolve("root-only.txt"), "x");
        Files.setPosixFilePermissions(src.resolve("root-only.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path dst = tmp.resolve("dst");
        openForUid33(dst);
        Run r = run(script(method), src, dst, method, "", "", null, true);
        assertTrue(r.output().contains("copy-code: skipped " + src + "/lib/plugins/testing: uid 33 cannot read it"), r.output());
        assertTrue(r.output().contains("copy-code: skipped " + src + "/root-only.txt: uid 33 cannot read it"), r.output());
        if (method.equals("tar")) {
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("2 unreadable entries skipped"), r.output());
            assertTrue(Files.exists(dst.resolve("css/site.css")) && Files.exists(dst.resolve(".phpod-copy-complete")));
            assertFalse(Files.exists(dst.resolve("root-only.txt")) || Files.exists(dst.resolve("lib/plugins/testing")));
        } else {
            assertNotEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("set copy.method tar, which skips them"), r.output());
            assertFalse(Files.exists(dst.resolve(".phpod-copy-complete")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "tar", "cp" })
    void linksOutOfTheTreeAreCopiedAsTheirTargets(String method) throws Exception {
        Path src = sampleTree();
        Path outside = Files.createDirectories(tmp.resolve("usr/share/javascript/jquery"));
        Files.writeString(outside.resolve("jquery.js"), "jquery");
        Files.writeString(tmp.resolve("usr/share/skin.css"), "skin");
        Files.createSymbolicLink(src.resolve("jquery"), outside); // absolute, to a folder (Debian's packages)
        Files.createSymbolicLink(src.resolve("skin.css"), Path.of("../usr/share/skin.css")); // relative, to a file
        Files.createSymbolicLink(src.resolve("site.css"), Path.of("css/site.css")); // inside the tree
        Files.createSymbolicLink(src.resolve("gone.js"), Path.of("/usr/share/no-such-package/gone.js"));
        Path dst = tmp.resolve("dst");
        openForUid33(dst);
        Run r = run(script(method), src, dst, method, "", "", null, true);
        assertEquals(0, r.exit(), r.output());
        assertEquals("jquery", Files.readString(dst.resolve("jquery/jquery.js")));
        assertFalse(Files.isSymbolicLink(dst.resolve("jquery")) || Files.isSymbolicLink(dst.resolve("skin.css")), "nginx's image has no target");
        assertEquals("skin", Files.readString(dst.resolve("skin.css")));
        assertEquals(Path.of("css/site.css"), Files.readSymbolicLink(dst.resolve("site.css")), "a link inside the tree stays a link");
        assertTrue(Files.isSymbolicLink(dst.resolve("gone.js")));
        assertTrue(r.output().contains(src + "/gone.js points nowhere (/usr/share/no-such-package/gone.js)"), r.output());
        assertTrue(r.output().contains("2 links out of the tree copied as their targets, 0 links into writable paths kept, 1 links pointing nowhere"), r.output());
    }

    @ParameterizedTest
    @ValueSource(strings = { "tar", "cp" })
    void linksIntoWritablePathsStayLinks(String method) throws Exception {
        Path src = sampleTree();
        Path storage = Files.createDirectories(tmp.resolve("app/storage/app/public"));
        Files.writeString(storage.resolve("avatar.png"), "png");
        // Laravel's 'php artisan storage:link': public/storage -> <code>/storage/app/public, a volume in the pod.
        Files.createSymbolicLink(src.resolve("storage"), storage);
        Files.createSymbolicLink(src.resolve("cache"), Path.of("../app/cache-not-writable"));
        Files.createDirectories(tmp.resolve("app/cache-not-writable"));
        Path dst = tmp.resolve("dst");
        openForUid33(dst);
        writablePaths = tmp.resolve("app/var") + " " + tmp.resolve("app/storage");
        Run r = run(script(method), src, dst, method, "", "", null, true);
        assertEquals(0, r.exit(), r.output());
        assertEquals(storage, Files.readSymbolicLink(dst.resolve("storage")), "the writable volume is mounted at its path in nginx:\n" + r.output());
        assertFalse(Files.isSymbolicLink(dst.resolve("cache")), "a link to a path that is not writable is still resolved");
        assertTrue(r.output().contains("1 links out of the tree copied as their targets, 1 links into writable paths kept, 0 links pointing nowhere"), r.output());
    }

    @org.junit.jupiter.api.Test
    void writablePathsAreSeededOnceWhenEmpty() throws Exception {
        Path src = sampleTree();
        Path data = Files.createDirectories(tmp.resolve("image/data/pages"));
        Files.writeString(data.resolve("start.txt"), "welcome");
        Path seeds = tmp.resolve("seed");
        Path dst = tmp.resolve("dst");
        openForUid33(dst, seeds.resolve("data"));
        Container init = init(Map.of("writablePaths[0].name", "data", "writablePaths[0].path", "/var/www/html/data",
                "writablePaths[0].seed", true, "writablePaths[1].name", "cache", "writablePaths[1].path", "/var/www/html/cache"));
        assertEquals("data:/var/www/html/data", env(init, "PHPOD_SEEDS"));
        assertEquals(List.of("/phpod-copy", "/phpod-seed/data"), init.getVolumeMounts().stream().map(m -> m.getMountPath()).toList(),
                "only the seeded volume is mounted in the init container");
        String seed = "data:" + tmp.resolve("image/data");
        String script = init.getArgs().get(0);
        Run first = run(script, src, dst, "tar", "", seed, seeds, true);
        assertEquals(0, first.exit(), first.output());
        assertEquals("welcome", Files.readString(seeds.resolve("data/pages/start.txt")));
        assertEquals(List.of("pages"), list(seeds.resolve("data")), "the seed leaves nothing of its own");
        // The app changed its data: a new pod (a new copy of the code) never seeds over it.
        Files.writeString(seeds.resolve("data/pages/start.txt"), "edited by the app");
        Files.delete(dst.resolve(".phpod-copy-complete"));
        Run second = run(script, src, dst, "tar", "", seed, seeds, true);
        assertEquals(0, second.exit(), second.output());
        assertTrue(second.output().contains("the data volume holds data; not seeded"), second.output());
        assertEquals("edited by the app", Files.readString(seeds.resolve("data/pages/start.txt")));
        // A seed killed half-way (its staging folder is there) is redone from scratch.
        try (Stream<Path> old = Files.list(seeds.resolve("data"))) {
            for (Path p : old.toList()) {
                run(List.of("rm", "-rf", p.toString()));
            }
        }
        Files.createDirectories(seeds.resolve("data/.phpod-seeding/pages"));
        Files.writeString(seeds.resolve("data/pages.partial"), "half");
        run(List.of("chown", "-R", "33:33", seeds.resolve("data").toString()));
        Run third = run(script, src, dst, "tar", "", seed, seeds, true);
        assertEquals(0, third.exit(), third.output());
        assertEquals(List.of("pages"), list(seeds.resolve("data")));
        assertEquals("welcome", Files.readString(seeds.resolve("data/pages/start.txt")));
        // A preset seeds its paths; an image without the folder starts with an empty volume.
        Files.delete(dst.resolve(".phpod-copy-complete"));
        openForUid33(seeds.resolve("uploads"));
        Run absent = run(script, src, dst, "tar", "", "uploads:" + tmp.resolve("image/no-uploads"), seeds, true);
        assertEquals(0, absent.exit(), absent.output());
        assertTrue(absent.output().contains("the image has nothing at " + tmp.resolve("image/no-uploads") + "; the uploads volume starts empty"),
                absent.output());
        assertEquals(List.of(), list(seeds.resolve("uploads")));
    }

    /**
     * The pods of processes, schedules and the release step run the code from their image, whose
     * seeded paths are mounted over by their volumes: their init container runs the same script
     * without a code source, seeds those volumes and copies nothing.
     */
    @org.junit.jupiter.api.Test
    void theCommandsPodsSeedTheirPathsAndCopyNoCode() throws Exception {
        String yaml = HelmRunner.template(Projects.skeleton(), List.of(), Map.of("writablePaths[0].name", "data", "writablePaths[0].path",
                "/var/www/html/data", "writablePaths[0].seed", true, "writablePaths[1].name", "cache", "writablePaths[1].path", "/var/www/html/cache",
                "processes[0].name", "queue", "processes[0].command[0]", "php", "processes[0].terminationGracePeriodSeconds", 75));
        var worker = Manifests.parse(yaml).ofKind(io.fabric8.kubernetes.api.model.apps.Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().endsWith("-queue")).findFirst().orElseThrow().getSpec().getTemplate().getSpec();
        Container seed = worker.getInitContainers().get(0);
        assertEquals("seed", seed.getName());
        assertEquals(init(Map.of()).getArgs(), seed.getArgs(), "the web pod's copy script, one place");
        assertEquals("", env(seed, "PHPOD_COPY_SOURCE"));
        assertEquals("data:/var/www/html/data", env(seed, "PHPOD_SEEDS"));
        assertEquals(List.of("/phpod-seed/data"), seed.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        Path data = Files.createDirectories(tmp.resolve("image/data/pages"));
        Files.writeString(data.resolve("start.txt"), "welcome");
        Path seeds = tmp.resolve("seed");
        Path dst = tmp.resolve("dst");
        openForUid33(dst, seeds.resolve("data"));
        Run r = run(seed.getArgs().get(0), Path.of(""), dst, "tar", "", "data:" + tmp.resolve("image/data"), seeds, true);
        assertEquals(0, r.exit(), r.output());
        assertEquals("welcome", Files.readString(seeds.resolve("data/pages/start.txt")), r.output());
        assertEquals(List.of(), list(dst), "no code copied: " + r.output());
    }

    /**
     * Pods of an environment with several replicas start at once on one ReadWriteMany claim: their
     * init containers seed it once, in turn, and none takes another's seed in progress for an
     * interrupted one (the pods' user, the heartbeat's real 20 s).
     */
    @org.junit.jupiter.api.Test
    void podsStartingAtOnceOnASharedVolumeSeedItOnce() throws Exception {
        assumeRoot();
        quietLimit = 10;
        Path src = sampleTree();
        Path image = Files.createDirectories(tmp.resolve("image/media"));
        for (int i = 0; i < 3000; i++) {
            Files.writeString(Files.createDirectories(image.resolve("d" + (i % 50))).resolve("f" + i + ".txt"), "file " + i);
        }
        Path seeds = tmp.resolve("seed");
        String script = init(Map.of("writablePaths[0].name", "media", "writablePaths[0].path", "/var/www/html/media",
                "writablePaths[0].seed", true, "writablePaths[0].persistent", true)).getArgs().get(0);
        List<Path> dsts = List.of(tmp.resolve("pod-a"), tmp.resolve("pod-b"), tmp.resolve("pod-c"));
        openForUid33(seeds.resolve("media"));
        for (Path d : dsts) {
            openForUid33(d);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<Run>> runs = new java.util.ArrayList<>();
            for (Path d : dsts) {
                runs.add(pool.submit(() -> run(script, src, d, "tar", "", "media:" + image, seeds, true)));
            }
            int seeded = 0;
            for (var f : runs) {
                Run r = f.get(5, java.util.concurrent.TimeUnit.MINUTES);
                assertEquals(0, r.exit(), r.output());
                assertFalse(r.output().contains("cut off"), "no seed in progress is taken for a cut-off one: " + r.output());
                seeded += r.output().contains("copy-code: copied " + image) ? 1 : 0;
            }
            assertEquals(1, seeded, "one pod seeds the shared volume");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, list(seeds.resolve("media")).size(), "the image's folders, and nothing of the seed's own");
        assertEquals("file 2999", Files.readString(seeds.resolve("media/d49/f2999.txt")));
        try (Stream<Path> all = Files.walk(seeds.resolve("media"))) {
            assertEquals(3000, all.filter(Files::isRegularFile).count());
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void run(List<String> cmd) throws Exception {
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), String.join(" ", cmd));
    }
}
