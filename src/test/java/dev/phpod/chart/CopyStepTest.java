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

    record Run(int exit, String output) {
    }

    private static String script(String method) {
        String yaml = HelmRunner.template(Projects.skeleton(), List.of(), Map.of("copy.method", method));
        Container init = Manifests.parse(yaml).deployment().getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertEquals(List.of("/bin/sh", "-c"), init.getCommand());
        return init.getArgs().get(0);
    }

    private Run run(String script, Path src, Path dst, String method) throws Exception {
        return run(script, src, dst, method, "");
    }

    private Run run(String script, Path src, Path dst, String method, String mountPoints) throws Exception {
        assertTrue(script.contains("dst=/phpod-copy\n"));
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script.replace("dst=/phpod-copy\n", "dst='" + dst + "'\n"));
        pb.environment().put("PHPOD_COPY_SOURCE", src.toString());
        pb.environment().put("PHPOD_COPY_METHOD", method);
        pb.environment().put("PHPOD_MOUNT_POINTS", mountPoints);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

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
        String yaml = HelmRunner.template(Projects.skeleton(), List.of(), Map.of("copy.method", method,
                "writablePaths[0].name", "uploads", "writablePaths[0].path", "/var/www/html/public/media/uploads",
                "writablePaths[1].name", "cache", "writablePaths[1].path", "/var/www/html/var/cache"));
        Container init = Manifests.parse(yaml).deployment().getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertEquals("media/uploads", init.getEnv().stream().filter(e -> e.getName().equals("PHPOD_MOUNT_POINTS")).findFirst()
                .orElseThrow().getValue(), "only the writable path inside the docroot is nested in the copy");
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
}
