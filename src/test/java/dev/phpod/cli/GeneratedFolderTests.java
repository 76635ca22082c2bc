package dev.phpod.cli;

import static dev.phpod.cli.InitCommandCases.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * What the tests of phpod generate share: a folder phpod init wrote (deploy/ in a temporary folder),
 * generate run on it, a user's edit of a file, the user's files read back.
 */
abstract class GeneratedFolderTests extends CliTests {
    @TempDir
    Path tmp;
    Path out;
    Path descriptor;

    @BeforeEach
    void paths() {
        out = tmp.resolve("deploy");
        descriptor = out.resolve("phpod.yaml");
    }

    /** phpod init of the shop example into the folder, with these environments (default: dev, staging, prod). */
    void init(QuarkusMainLauncher l, String... envs) {
        LaunchResult r = l.launch("init", "--name", "shop", "--image", "registry.example.com/shop:1.4.2", "--env",
                envs.length == 0 ? "dev,staging,prod" : String.join(",", envs), "-o", out.toString());
        assertEquals(0, r.exitCode(), err(r));
    }

    LaunchResult generate(QuarkusMainLauncher l, String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "generate";
        args[1] = out.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        return l.launch(args);
    }

    /** Replaces text in a file as a user's edit does; the text must be there. */
    static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " lacks " + from + ":\n" + text);
        Files.writeString(file, text.replace(from, to));
    }

    /** The user's files only (not phpod's bookkeeping). */
    Map<String, String> userTree() throws IOException {
        return userTree(out);
    }

    static Map<String, String> userTree(Path dir) throws IOException {
        Map<String, String> t = new TreeMap<>(InitCommandCases.tree(dir));
        t.keySet().removeIf(k -> k.startsWith(".phpod/"));
        return t;
    }
}
