package dev.phpod.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real public PHP source trees, rebuilt as skeletons from their listings (src/test/resources/detect:
 * each file names the repository and commit it was listed from, its paths to depth 3 and the files
 * detection reads, verbatim): what phpod finds in each must be its '# expect:' line exactly, and the
 * commands it adds its '# commands:' line, where the tree has one (the listing then holds every file
 * their evidence is read from).
 */
class DetectionCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/detect");

    @TempDir
    Path tmp;

    static Stream<String> trees() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tree")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void findsWhatTheTreeSays(String name) throws IOException {
        List<String> lines = Files.readAllLines(CORPUS.resolve(name), StandardCharsets.UTF_8);
        Path root = materialize(lines, tmp.resolve(name.replace(".tree", "")));
        String expect = lines.stream().filter(l -> l.startsWith("# expect: ")).map(l -> l.substring("# expect: ".length())).findFirst().orElse("");
        Detection d = Detection.in(root);
        String got = describe(d);
        System.out.println("CORPUS " + name + "\n  got:    " + got + "\n  reason: " + d.reason() + "\n  warn:   " + d.warnings()
                + "\n  commands: " + commands(d));
        assertFalse(expect.isEmpty(), name + " has no '# expect:' line; what phpod finds: " + got);
        assertEquals(expect, got, name + " (" + d.reason() + ")");
        // The commands, where the listing holds every file their evidence is read from (verbatim, or absent from the repository).
        lines.stream().filter(l -> l.startsWith("# commands: ")).findFirst()
                .ifPresent(c -> assertEquals(c.substring("# commands: ".length()), commands(d), name + ": the commands found"));
        String docroot = d.docroot();
        assertTrue(docroot.equals(".") || Files.isDirectory(root.resolve(docroot)) || d.warnings().stream().anyMatch(w -> w.contains("docroot")),
                name + ": docroot " + docroot + " is not in the tree and no warning says so");
    }

    /** The commands found, one per line as init prints them, joined with " | "; "none" when there are none. */
    static String commands(Detection d) {
        return d.commands().isEmpty() ? "none" : String.join(" | ", d.commands().stream().map(FoundCommand::note).toList());
    }

    /** The answer in one line: preset, docroot, writable paths (data marked), denied paths. */
    static String describe(Detection d) {
        List<String> w = new ArrayList<>();
        for (WritablePath p : d.layout().writablePaths()) {
            w.add(p.path() + (p.persistent() ? "(data)" : ""));
        }
        return "preset=" + d.preset().id() + " docroot=" + d.docroot() + " writable=" + String.join(",", w) + " denied="
                + String.join(",", d.layout().deniedPaths());
    }

    /** The tree of a listing: folders end in '/', other lines are empty files; '== path' sections give a file's text. */
    static Path materialize(List<String> lines, Path root) throws IOException {
        Files.createDirectories(root);
        int i = 0;
        for (; i < lines.size() && !lines.get(i).startsWith("== "); i++) {
            String l = lines.get(i);
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            Path p = root.resolve(l);
            if (l.endsWith("/")) {
                Files.createDirectories(p);
            } else if (!Files.isDirectory(p)) {
                Files.createDirectories(p.getParent());
                Files.writeString(p, "");
            }
        }
        while (i < lines.size()) {
            String header = lines.get(i++).substring(3);
            StringBuilder text = new StringBuilder();
            for (; i < lines.size() && !lines.get(i).startsWith("== "); i++) {
                text.append(lines.get(i)).append('\n');
            }
            if (header.contains(" (omitted: ")) {
                continue;
            }
            Path p = root.resolve(header);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text.toString());
        }
        return root;
    }
}
