package dev.phpod.cli;

import static dev.phpod.cli.InitCommandCases.err;
import static dev.phpod.cli.InitCommandCases.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.phpod.generate.OutputLock;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/** What init and generate promise about the files they write: modes, links, the folder, one run at a time. */
@io.quarkus.test.junit.QuarkusTest
class OutputSafetyTest extends CliTests {

    @TempDir
    Path tmp;

    private LaunchResult init(QuarkusMainLauncher l, Path out, String... extra) {
        String[] args = new String[7 + extra.length];
        System.arraycopy(new String[] { "init", "--name", "shop", "--image", "shop:1", "--preset=generic", "-o" }, 0, args, 0, 7);
        System.arraycopy(extra, 0, args, 7, extra.length);
        args = java.util.stream.Stream.concat(java.util.Arrays.stream(args).limit(7), java.util.stream.Stream.concat(
                java.util.stream.Stream.of(out.toString()), java.util.Arrays.stream(extra))).toArray(String[]::new);
        return l.launch(args);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void modesAreKeptAndNewFilesFollowTheUmask() throws IOException {
        Path out = tmp.resolve("deploy");
        assertEquals(0, init(l, out).exitCode());
        assertEquals("rw-r--r--", mode(out.resolve("helm/values-dev.yaml")), "a new file gets 0666 less the umask (022 here), as with any tool");
        Path values = out.resolve("helm/values-staging.yaml");
        Path readme = out.resolve("kustomize/README.md");
        Files.setPosixFilePermissions(values, PosixFilePermissions.fromString("rw-rw-r--"));
        Files.setPosixFilePermissions(readme, PosixFilePermissions.fromString("r--r--r--"));
        Files.writeString(out.resolve("phpod.yaml"), Files.readString(out.resolve("phpod.yaml")).replace("    replicas: 2\n", "    replicas: 5\n"));
        LaunchResult r = l.launch("generate", out.toString());
        assertEquals(0, r.exitCode(), err(r));
        assertTrue(Files.readString(values).contains("replicaCount: 5"));
        assertEquals("rw-rw-r--", mode(values), "a rewritten file keeps its mode");
        assertEquals("r--r--r--", mode(readme));
    }

    @Test
    void aLinkedFileStaysALinkAndALinkOutOfTheFolderIsRefused() throws IOException {
        Path out = tmp.resolve("deploy");
        assertEquals(0, init(l, out).exitCode());
        // A values file kept once and linked from the output folder (inside it): written through, still a link.
        Path shared = out.resolve("shared-values-staging.yaml");
        Files.move(out.resolve("helm/values-staging.yaml"), shared);
        Files.createSymbolicLink(out.resolve("helm/values-staging.yaml"), Path.of("../shared-values-staging.yaml"));
        Files.writeString(out.resolve("phpod.yaml"), Files.readString(out.resolve("phpod.yaml")).replace("    replicas: 2\n", "    replicas: 5\n"));
        LaunchResult r = l.launch("generate", out.toString());
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        assertTrue(Files.isSymbolicLink(out.resolve("helm/values-staging.yaml")), "the link is kept");
        assertTrue(Files.readString(shared).contains("replicaCount: 5"), "and its target updated");

        // A folder linked to somewhere else: nothing is written there, nothing anywhere.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.createSymbolicLink(other.resolve("helm"), elsewhere);
        LaunchResult refused = init(l, other);
        assertEquals(2, refused.exitCode(), refused.getOutput());
        assertTrue(err(refused).contains("goes through the link " + other.resolve("helm") + " to " + elsewhere + ", outside " + other), err(refused));
        assertEquals(1, err(refused).strip().lines().count());
        assertEquals(Map.of(), tree(elsewhere));
        assertFalse(Files.exists(other.resolve("phpod.yaml")), "nothing written at all");
    }

    @Test
    void anEmptyOutputIsRefused() {
        LaunchResult r = l.launch("init", "--name", "shop", "--image", "shop:1", "--preset", "generic", "-o", "");
        assertEquals(2, r.exitCode());
        assertEquals("phpod: --output: empty; give a folder, e.g. deploy (use . for the current folder)", err(r).strip());
        LaunchResult g = l.launch("generate", "");
        assertEquals(2, g.exitCode());
        assertTrue(err(g).startsWith("phpod: DIR: empty"), err(g));
    }

    @Test
    void oneRunAtATimePerFolder() throws IOException {
        Path out = tmp.resolve("deploy");
        assertEquals(0, init(l, out).exitCode());
        Files.writeString(out.resolve("phpod.yaml"), Files.readString(out.resolve("phpod.yaml")).replace("    replicas: 2\n", "    replicas: 5\n"));
        Map<String, String> before = tree(out);
        try (OutputLock held = OutputLock.acquire(out)) {
            LaunchResult r = l.launch("generate", out.toString());
            assertEquals(2, r.exitCode(), r.getOutput());
            assertEquals("phpod: " + out + ": another phpod run is writing this folder; wait for it to finish, then run again", err(r).strip());
            LaunchResult i = init(l, out, "--force");
            assertEquals(2, i.exitCode());
        }
        assertEquals(before, tree(out), "the refused runs wrote nothing");
        assertEquals(0, l.launch("generate", out.toString()).exitCode(), "once the other run is done, it goes");
    }

    @Test
    void ioFailuresAreToldWithoutJavasWords() {
        assertEquals("permission denied: /x/helm/values.yaml; check its owner and mode",
                CliWiring.ioMessage(new java.nio.file.AccessDeniedException("/x/helm/values.yaml")));
        assertEquals("cannot write or read /x: No space left on device",
                CliWiring.ioMessage(new java.nio.file.FileSystemException("/x", null, "No space left on device")));
        assertEquals("cannot write or read /x: no such file or folder", CliWiring.ioMessage(new java.nio.file.NoSuchFileException("/x")));
        assertFalse(CliWiring.ioMessage(new java.io.IOException("boom")).contains("java."));
    }
}
