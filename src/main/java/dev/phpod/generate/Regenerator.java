package dev.phpod.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.phpod.merge.Merge3;
import dev.phpod.merge.UnifiedDiff;

/**
 * Generates a project again into a folder the user may have edited. For each file it merges what
 * phpod generated last time (kept in {@value #STATE_DIR}), what is on disk, and what phpod generates
 * now: edits that don't collide survive, collisions are written with conflict markers and
 * reported, a file the user deleted stays deleted (unless forced), files phpod no longer generates
 * go if the user never touched them. Everything is decided in memory first; then the user's files
 * are written, each atomically, and the state last, so that a run killed at any moment leaves every
 * file old or new and the next run converges.
 */
public final class Regenerator {
    /** What phpod generated last time, mirrored under the output folder. */
    public static final String STATE_DIR = ".phpod/generated";
    static final String TMP_SUFFIX = ".phpod-tmp";

    public enum Action {
        CREATE("new"), UPDATE("update"), OVERWRITE("overwrite"), MERGE("merge"), KEPT_EDITS("kept"), CONFLICT("conflict"), UNCHANGED("unchanged"),
        KEPT_DELETED("deleted"), KEPT_DELETED_NEEDED("deleted"), RECREATE("recreate"), DELETE("remove"), KEPT_OBSOLETE("obsolete");

        public final String label;

        Action(String label) {
            this.label = label;
        }
    }

    /** What happens to one file, and a word on why where it helps. */
    public record Outcome(String path, Action action, String detail) {
    }

    /** Everything a run would do. */
    public record Plan(List<Outcome> outcomes, Map<String, byte[]> writes, List<String> deletes, Map<String, byte[]> state,
            List<String> stateDeletes, List<Change> changes) {
        /** The plan as a unified diff, made when asked for (--dry-run): a run that writes never needs it. */
        public String diff() {
            StringBuilder diff = new StringBuilder();
            for (Change c : changes) {
                diff.append(UnifiedDiff.diff(c.path(), c.before() == null ? "" : text(c.before()), c.after() == null ? "" : text(c.after())));
            }
            return diff.toString();
        }

        public boolean changesNothing() {
            return writes.isEmpty() && deletes.isEmpty() && state.isEmpty() && stateDeletes.isEmpty();
        }

        public long conflicts() {
            return outcomes.stream().filter(o -> o.action() == Action.CONFLICT).count();
        }
    }

    /** A file the plan changes: its content before (null: absent) and after (null: deleted). */
    public record Change(String path, byte[] before, byte[] after) {
    }

    private Regenerator() {
    }

    /** How the command that plans treats the files on disk. */
    public enum Mode {
        /**
         * phpod generate: a three-way merge with what phpod generated last time; edits survive,
         * collisions are marked, deleted files stay deleted, obsolete ones go if untouched.
         */
        GENERATE,
        /**
         * phpod init: the inputs come from flags, not from the folder's phpod.yaml, so a file that
         * differs is never merged: it stops the run (nothing written) unless forced, which
         * overwrites it. Files phpod no longer generates are left alone.
         */
        INIT
    }

    public static Plan plan(Path out, FileSet next, boolean force, String version, Mode mode) {
        FileWriter.checkOutput(out, mode == Mode.INIT ? "--output" : "DIR");
        Map<String, byte[]> gen = next.files();
        Map<String, byte[]> base = readTree(out.resolve(STATE_DIR));
        TreeSet<String> paths = new TreeSet<>(base.keySet());
        paths.addAll(gen.keySet());
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, byte[]> writes = new LinkedHashMap<>();
        List<String> deletes = new ArrayList<>();
        Map<String, byte[]> state = new LinkedHashMap<>();
        List<String> stateDeletes = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        // Generated order first (it is the order users read), then what phpod no longer generates.
        List<String> order = new ArrayList<>(gen.keySet());
        paths.stream().filter(p -> !gen.containsKey(p)).forEach(order::add);
        List<String> refused = new ArrayList<>();
        FileWriter.Places places = new FileWriter.Places(out);
        for (String p : order) {
            places.checkPlace(p); // a link out of the folder, a file where a folder goes: refused before anything is written
            byte[] g = gen.get(p);
            byte[] b = base.get(p);
            byte[] d = read(out.resolve(p));
            Outcome o;
            byte[] write = null;
            String namedBy;
            if (mode == Mode.INIT) {
                if (g == null) {
                    continue; // init leaves what it no longer generates to generate
                }
                if (d == null) {
                    o = new Outcome(p, Action.CREATE, "");
                    write = g;
                } else if (Arrays.equals(d, g)) {
                    o = new Outcome(p, Action.UNCHANGED, "");
                } else if (force) {
                    o = new Outcome(p, Action.OVERWRITE, "--force");
                    write = g;
                } else {
                    refused.add(p);
                    o = new Outcome(p, Action.CONFLICT, "exists with other content");
                }
                if (b == null || !Arrays.equals(b, g)) {
                    state.put(p, g);
                }
            } else if (g != null) {
                if (d == null) {
                    if (b == null) {
                        o = new Outcome(p, Action.CREATE, "");
                        write = g;
                    } else if (force) {
                        o = new Outcome(p, Action.RECREATE, "you had deleted it; --force brings it back");
                        write = g;
                    } else if ((namedBy = neededBy(gen, p)) != null) {
                        // A file another one names (a Kustomize resource): deleted, the build fails.
                        o = new Outcome(p, Action.KEPT_DELETED_NEEDED, "you deleted it, but " + namedBy
                                + " names it, so that build fails: delete the reference too, or bring it back with --force");
                    } else {
                        o = new Outcome(p, Action.KEPT_DELETED, "you deleted it; it stays deleted (--force brings it back)");
                    }
                } else if (Arrays.equals(d, g)) {
                    o = new Outcome(p, Action.UNCHANGED, "");
                } else if (b == null) {
                    if (force) {
                        o = new Outcome(p, Action.UPDATE, "--force");
                        write = g;
                    } else {
                        o = new Outcome(p, Action.CONFLICT, "not made by phpod before; phpod's version is in " + p + ".phpod-new");
                        writes.put(p + ".phpod-new", g);
                    }
                } else if (Arrays.equals(d, b)) {
                    o = new Outcome(p, Action.UPDATE, "");
                    write = g;
                } else if (!utf8(d)) {
                    // Bytes phpod cannot decode are never rewritten: its version goes beside them.
                    o = new Outcome(p, Action.CONFLICT, "not UTF-8 text, so phpod cannot merge it; phpod's version is in " + p + ".phpod-new");
                    writes.put(p + ".phpod-new", g);
                } else if (force) {
                    Merge3.Result m = Merge3.mergeTheirsWinning(text(b), text(d), text(g));
                    String broken = yamlProblem(p, m.text());
                    if (broken != null || m.text().equals(text(g))) {
                        o = new Outcome(p, Action.UPDATE, broken != null ? "--force: the merge was not valid YAML, phpod's version replaces yours"
                                : "--force: phpod's version where your edits collided");
                        write = g;
                    } else {
                        o = new Outcome(p, Action.MERGE, "--force: your edits kept where they collide with nothing, phpod's version elsewhere");
                        write = bytes(m.text());
                    }
                } else {
                    Merge3.Result m = Merge3.merge(text(b), text(d), text(g), "your edit", "phpod " + version);
                    String broken = m.conflicts() == 0 ? yamlProblem(p, m.text()) : null;
                    if (m.conflicts() > 0) {
                        o = new Outcome(p, Action.CONFLICT, m.conflicts() + " conflicting region(s) marked with <<<<<<< and >>>>>>>");
                        write = bytes(m.text());
                    } else if (broken != null) {
                        o = new Outcome(p, Action.CONFLICT, "the merge is not valid YAML (" + broken + "); phpod's version is in " + p + ".phpod-new");
                        writes.put(p + ".phpod-new", g);
                    } else if (m.text().equals(text(d))) {
                        o = new Outcome(p, Action.KEPT_EDITS, "your edits kept");
                    } else {
                        o = new Outcome(p, Action.MERGE, "your edits kept, phpod's changes merged in");
                        write = bytes(m.text());
                    }
                }
                // The state records what phpod generated only once it reached the file (or the user
                // chose to keep theirs): a version left beside it in .phpod-new is offered again.
                if ((b == null || !Arrays.equals(b, g)) && !writes.containsKey(p + ".phpod-new")) {
                    state.put(p, g);
                }
            } else {
                if (d == null) {
                    o = null;
                } else if (Arrays.equals(d, b)) {
                    o = new Outcome(p, Action.DELETE, "phpod no longer generates it");
                    deletes.add(p);
                } else {
                    o = new Outcome(p, Action.KEPT_OBSOLETE, "phpod no longer generates it, but you edited it: kept");
                }
                stateDeletes.add(p);
            }
            if (write != null) {
                writes.put(p, write);
                changes.add(new Change(p, d, write));
            } else if (o != null && o.action() == Action.DELETE) {
                changes.add(new Change(p, d, null));
            }
            if (o != null) {
                outcomes.add(o);
            }
        }
        if (!refused.isEmpty()) {
            throw FileWriter.refusal(out, refused);
        }
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            if (w.getKey().endsWith(".phpod-new")) {
                changes.add(new Change(w.getKey(), null, w.getValue()));
            }
        }
        return new Plan(outcomes, writes, deletes, state, stateDeletes, changes);
    }

    /** Writes the plan: the user's files first, each atomically, then the state. */
    public static void apply(Path out, Plan plan) throws IOException {
        removeStaleTemporaries(out);
        FileWriter.Places places = new FileWriter.Places(out);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> w : plan.writes().entrySet()) {
            files.put(places.target(w.getKey()), w.getValue());
        }
        FileWriter.writeAllAtomically(files);
        for (String d : plan.deletes()) {
            Files.deleteIfExists(out.resolve(d));
            pruneEmptyParents(out, out.resolve(d));
        }
        Path stateDir = out.resolve(STATE_DIR);
        Map<Path, byte[]> state = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> s : plan.state().entrySet()) {
            state.put(stateDir.resolve(s.getKey()), s.getValue());
        }
        FileWriter.writeAllAtomically(state);
        for (String d : plan.stateDeletes()) {
            Files.deleteIfExists(stateDir.resolve(d));
            pruneEmptyParents(stateDir, stateDir.resolve(d));
        }
    }

    /** A run killed while writing may leave temporary files; they are never a user's. */
    static void removeStaleTemporaries(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(TMP_SUFFIX) && f.getFileName().toString().startsWith(".")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void pruneEmptyParents(Path root, Path file) throws IOException {
        for (Path dir = file.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(dir);
        }
    }

    /** A merged YAML file that no longer parses is not a clean merge (Helm templates are not YAML). */
    private static String yamlProblem(String path, String text) {
        if (!(path.endsWith(".yaml") || path.endsWith(".yml")) || path.contains("/templates/")) {
            return null;
        }
        try {
            LoaderOptions o = new LoaderOptions();
            o.setAllowDuplicateKeys(false);
            new Yaml(new SafeConstructor(o)).loadAll(text).forEach(x -> {
            });
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? "unparsable" : e.getMessage().lines().findFirst().orElse("unparsable");
        }
    }

    static Map<String, byte[]> readTree(Path root) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(TMP_SUFFIX)).sorted().toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static byte[] read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated kustomization.yaml beside a file that lists it, if any. */
    static String neededBy(Map<String, byte[]> gen, String path) {
        int slash = path.lastIndexOf('/');
        String kustomization = (slash < 0 ? "" : path.substring(0, slash + 1)) + "kustomization.yaml";
        byte[] k = gen.get(kustomization);
        String name = path.substring(slash + 1);
        if (k == null || kustomization.equals(path)) {
            return null;
        }
        return text(k).lines().map(String::strip).anyMatch(l -> l.equals("- " + name) || l.equals("- path: " + name)) ? kustomization : null;
    }

    private static boolean utf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
