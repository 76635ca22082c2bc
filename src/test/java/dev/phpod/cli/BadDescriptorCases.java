package dev.phpod.cli;

import static dev.phpod.cli.InitCommandCases.err;
import static dev.phpod.cli.InitCommandCases.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * The corpus of bad descriptors in src/test/resources/cli/bad-descriptors: each file's first line
 * says the exit code and a fragment of the one-line message. Through both init --from and generate,
 * nothing in the output folder may change.
 */
abstract class BadDescriptorCases extends CliTests {

    @TempDir
    Path tmp;

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/cli/bad-descriptors"))) {
            return s.sorted().toList().stream();
        }
    }

    @Test
    void theCorpusHoldsAtLeastFiftyBadInputs() throws IOException {
        long flags = Files.readAllLines(Path.of("src/test/resources/cli/bad-flags.tsv")).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
        long descriptors;
        try (Stream<Path> s = corpus()) {
            descriptors = s.count();
        }
        assertTrue(flags + descriptors >= 50, flags + " + " + descriptors);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedWithOneLineAndNothingChanges(Path bad) throws IOException {
        String header = new String(Files.readAllBytes(bad), java.nio.charset.StandardCharsets.UTF_8).lines().findFirst().orElseThrow(); // 52-latin1 is not UTF-8 past it
        assertTrue(header.startsWith("# expect: "), bad + " lacks its '# expect: CODE FRAGMENT' line");
        int exit = Integer.parseInt(header.substring(10, 11));
        String fragment = header.substring(12);

        // init --from into a folder holding a user file
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        LaunchResult r = l.launch("init", "--from", bad.toString(), "-o", out.toString());
        assertEquals(exit, r.exitCode(), r.getOutput() + err(r));
        assertTrue(err(r).contains(fragment), () -> "expected '" + fragment + "' in: " + err(r));
        assertEquals(1, err(r).strip().lines().count(), err(r));
        assertFalse(err(r).contains("\tat "));
        assertEquals(Map.of("keep.txt", "mine"), tree(out));

        // generate over a generated project whose descriptor the user broke
        Path project = tmp.resolve("project");
        assertEquals(0, l.launch("init", "--name", "shop", "--image", "shop:1", "-o", project.toString()).exitCode());
        Files.copy(bad, project.resolve("phpod.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> before = tree(project);
        LaunchResult g = l.launch("generate", project.toString());
        assertEquals(exit, g.exitCode(), g.getOutput() + err(g));
        assertTrue(err(g).contains(fragment.replace("phpod.yaml", "")), () -> "expected '" + fragment + "' in: " + err(g));
        assertEquals(before, tree(project), "a refused generate changes nothing");
    }

    @Test
    void anIoFailureIsExitCode3AndTheStackTraceNeedsVerbose() {
        List<String> args = List.of("init", "--name", "shop", "--image", "shop:1", "--preset", "generic", "-o", "/proc/phpod-cannot-write-here");
        LaunchResult r = l.launch(args.toArray(String[]::new));
        assertEquals(3, r.exitCode(), r.getOutput() + err(r));
        assertTrue(err(r).startsWith("phpod: cannot write or read /proc/phpod-cannot-write-here"), err(r));
        assertFalse(err(r).contains("java."), "no Java class names: " + err(r));
        assertFalse(err(r).contains("\tat "), err(r));
        LaunchResult v = l.launch(Stream.concat(args.stream(), Stream.of("-e")).toArray(String[]::new));
        assertEquals(3, v.exitCode());
        assertTrue(v.getErrorOutput().contains("\tat "), "-e prints the stack trace");
    }
}
