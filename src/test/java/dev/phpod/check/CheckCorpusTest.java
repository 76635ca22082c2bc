package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest of the corpus (src/test/resources/check, see its README) gives exactly the
 * findings its "# expect:" line names, and every rule has a case that fires and one that stays silent.
 */
class CheckCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/check");

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> s = Files.walk(CORPUS)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** The finding ids of one input, sorted, "none" when there is none. */
    static String ids(List<Finding> findings) {
        List<String> ids = new ArrayList<>(findings.stream().map(f -> f.rule().id).sorted().toList());
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    static String expected(Path file) throws IOException {
        String first = Files.readAllLines(file).get(0);
        assertTrue(first.startsWith("# expect: "), file + " does not start with # expect:");
        return Arrays.stream(first.substring("# expect: ".length()).split(",\\s*")).sorted().reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    static List<Finding> check(Path file) {
        ManifestReader reader = new ManifestReader();
        reader.read(file.toString(), System.in);
        // The reader reports what it cannot read instead of throwing: a corpus file must be read whole.
        assertEquals(List.of(), reader.problems(), file.toString());
        return Checks.run(reader.inventory()).findings();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachFileGivesExactlyTheFindingsItExpects(Path file) throws IOException {
        List<Finding> findings = check(file);
        assertEquals(expected(file), ids(findings), () -> file + ":\n" + findings.stream().map(f -> f.where() + ": " + f.why()).reduce("", (a, b) -> a + b + "\n"));
        for (Finding f : findings) {
            assertTrue(f.why().length() > 20 && f.fix().length() > 20, () -> "a finding says why and how to fix: " + f);
            assertTrue(f.workload().origin().line() > 0, () -> "a finding names the line its object starts at: " + f);
        }
    }

    @Test
    void everyRuleHasAFiringAndASilentCase() throws IOException {
        for (Rule r : Rule.values()) {
            Path dir = CORPUS.resolve(r.id);
            assertTrue(Files.isDirectory(dir), () -> "no corpus folder for " + r.id);
            boolean fires = false;
            boolean silent = false;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    String name = p.getFileName().toString();
                    boolean has = Arrays.asList(expected(p).split(", ")).contains(r.id);
                    if (name.startsWith("fires-")) {
                        assertTrue(has, () -> p + " is named fires- but does not expect " + r.id);
                        fires = true;
                    } else if (name.startsWith("silent-")) {
                        assertTrue(!has, () -> p + " is named silent- but expects " + r.id);
                        silent = true;
                    }
                }
            }
            assertTrue(fires && silent, r.id + " needs a fires-*.yaml and a silent-*.yaml");
        }
    }

    /** The text a finding points to: a README section per rule, under "Check". */
    @Test
    void everyRuleHasAReadmeSection() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (Rule r : Rule.values()) {
            assertTrue(readme.contains("\n#### `" + r.id + "`\n"), () -> "README.md has no section #### `" + r.id + "`");
        }
    }
}
