package dev.phpod.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.phpod.cli.InitCommandCases;
import dev.phpod.support.Packaged;
import dev.phpod.support.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The native binary and the jar, given the same inputs, write the same bytes with the same modes,
 * print the same lines and exit with the same codes: the golden example, a regenerate over it, and
 * every bad input of the CLI corpus (bad-flags.tsv, bad-descriptors). Runs after
 * {@code ./mvnw verify -Dnative}, which CI runs; without a native binary it fails in CI and is
 * skipped elsewhere.
 */
class NativeMatchesJarIT {

    @TempDir
    Path tmp;

    static Path binary;

    @BeforeAll
    static void nativeBinary() {
        binary = Packaged.nativeBinary();
        if ("true".equals(System.getenv("CI"))) {
            assertNotNull(binary, "CI builds the native binary (./mvnw verify -Dnative) and compares it with the jar");
        }
        assumeTrue(binary != null, "no native binary: build with ./mvnw verify -Dnative");
        assertTrue(Files.isRegularFile(Packaged.JAR), Packaged.JAR + " is built beside the native binary");
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(List<String> command, Path work) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The same arguments through both, each in a fresh copy of the same work folder. */
    private void sameThrough(String what, Path work, String... args) throws Exception {
        Path forNative = copyOf(work, "native");
        Path forJar = copyOf(work, "jar");
        List<String> nativeCommand = new ArrayList<>(List.of(binary.toString()));
        nativeCommand.addAll(Arrays.asList(args));
        Run n = run(nativeCommand, forNative);
        Run j = run(Packaged.jar(args), forJar);
        assertEquals(j.exit(), n.exit(), what + ": exit code\njar: " + j.err() + "\nnative: " + n.err());
        assertEquals(j.out(), n.out(), what + ": standard output");
        assertEquals(j.err(), n.err(), what + ": standard error");
        assertEquals(tree(forJar), tree(forNative), what + ": the files written");
    }

    private Path copyOf(Path work, String name) throws IOException {
        Path to = tmp.resolve(name + "-" + System.nanoTime());
        Trees.copy(work, to);
        return to;
    }

    /** Every file below root: its bytes (as ISO-8859-1, so any byte compares) and its mode. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + "\n"
                        + new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    private Path workWith(Path... files) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work-" + System.nanoTime()));
        for (Path f : files) {
            Files.copy(f, work.resolve(f.getFileName().toString()));
        }
        return work;
    }

    @Test
    void theGoldenExampleAndARegenerateAreTheSame() throws Exception {
        Path work = workWith(Path.of("examples/shop/phpod.yaml"));
        sameThrough("init --from the example", work, "init", "--from", "phpod.yaml", "-o", "deploy");

        Path project = tmp.resolve("project");
        Run init = run(Packaged.jar("init", "--from", Path.of("examples/shop/phpod.yaml").toAbsolutePath().toString(), "-o",
                project.toString()), tmp);
        assertEquals(0, init.exit(), init.err());
        Path descriptor = project.resolve("phpod.yaml");
        // Every template of the native binary: a worker, a schedule and a release step too.
        Files.writeString(descriptor, Files.readString(descriptor).replace("replicas: 3", "replicas: 4")
                .replace("processes: []\n", "processes:\n  - {name: queue, command: [php, artisan, queue:work, --timeout=90]}\n")
                .replace("schedules: []\n", "schedules:\n  - {name: cron, schedule: \"@hourly\", command: [php, cron.php]}\n"
                        + "release:\n  command: [php, artisan, migrate, --force]\n"));
        Files.writeString(project.resolve("helm/values-dev.yaml"), "# mine\n", java.nio.file.StandardOpenOption.APPEND);
        sameThrough("generate after edits", project, "generate", ".");
        sameThrough("generate --help", project, "generate", "--help");
        sameThrough("--version", project, "--version");
    }

    @Test
    void scriptsPhpodRunsTheNativeBinary() throws Exception {
        Run traced = run(List.of("bash", "-x", Path.of("scripts/phpod").toAbsolutePath().toString(), "--version"), tmp);
        assertEquals(0, traced.exit(), traced.err());
        assertTrue(traced.err().contains("exec " + binary), "scripts/phpod execs " + binary + ":\n" + traced.err());
        assertEquals(run(List.of(binary.toString(), "--version"), tmp).out(), traced.out());
    }

    @Test
    void everyBadCommandLineGetsTheSameExitAndMessage() throws Exception {
        Path work = workWith();
        List<Arguments> lines = InitCommandCases.badFlags().toList();
        for (Arguments line : lines) {
            List<String> args = new ArrayList<>(Arrays.asList((String[]) line.get()[2]));
            if (args.get(0).equals("init")) {
                args.addAll(1, List.of("-o", "out"));
            }
            sameThrough(String.join(" ", args), work, args.toArray(String[]::new));
        }
        assertTrue(lines.size() >= 50, lines.size() + " bad command lines");
    }

    @Test
    void everyBadDescriptorGetsTheSameExitAndMessage() throws Exception {
        int files = 0;
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/cli/bad-descriptors"))) {
            for (Path bad : s.sorted().toList()) {
                Path work = workWith();
                Files.copy(bad, work.resolve("phpod.yaml"));
                sameThrough(bad.getFileName().toString(), work, "init", "--from", "phpod.yaml", "-o", "out");
                files++;
            }
        }
        assertTrue(files >= 50, files + " bad descriptors");
    }

    /**
     * phpod check on every file of the check corpus, as JSON (every field of every finding): the
     * native image binds the Kubernetes model and runs each rule as the jar does.
     */
    @Test
    void checkFindsTheSameOnTheWholeCorpus() throws Exception {
        Path corpus = Path.of("src/test/resources/check").toAbsolutePath();
        int files = 0;
        try (Stream<Path> s = Files.walk(corpus)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                Path work = workWith(f);
                sameThrough("check " + corpus.relativize(f), work, "check", "--format", "json", f.getFileName().toString());
                files++;
            }
        }
        sameThrough("check --format sarif", workWith(), "check", "--format", "sarif", corpus.toString());
        sameThrough("check --help", workWith(), "check", "--help");
        assertTrue(files >= 30, files + " corpus files");
    }
}
