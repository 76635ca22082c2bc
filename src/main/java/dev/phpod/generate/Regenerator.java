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

import dev.phpod.merge.Conflicts;
import dev.phpod.merge.Merge3;
import dev.phpod.merge.UnifiedDiff;

/**
 * Generates a project again into a folder the user may have edited. For each file it merges what
 * phpod generated last time (kept in {@value #STATE_DIR}), what is on disk, and what phpod generates
 * now: edits that don't collide survive, collisions are written with conflict markers and
 * reported, a file the user deleted stays deleted (unless forced), files phpod no longer generates
 * go if the user never touched them. phpod.yaml is the user's input, never merged: phpod writes it
 * only to name a newer phpod on its version line. A conflict left in a file stays pending (phpod's
 * version is kept in {@value #PENDING_DIR}) until the user resolves it: the markers gone, the
 * {@value #BESIDE} file deleted; until then every run reports it, and {@code --force} takes phpod's
 * version for the colliding lines only. Everything is decided in memory first; then the user's
 * files are written, each atomically, and the bookkeeping last, so that a run killed at any moment
 * leaves every file old or new and the next run converges.
 */
public final class Regenerator {
    /** phpod's bookkeeping, under the output folder. */
    public static final String BOOKKEEPING_DIR = ".phpod";
    /** What phpod generated last time that the files on disk derive from, mirrored under the output folder. */
    public static final String STATE_DIR = BOOKKEEPING_DIR + "/generated";
    /** phpod's version of each file whose conflict the user has not resolved yet. */
    public static final String PENDING_DIR = BOOKKEEPING_DIR + "/pending";
    /** The suffix of phpod's version written beside a file it cannot merge into. */
    public static final String BESIDE = ".phpod-new";
    static final String TMP_SUFFIX = ".phpod-tmp";
    private static final String GENERATED = "generated/";
    private static final String PENDING = "pending/";

    public enum Action {
        CREATE("new"), UPDATE("update"), OVERWRITE("overwrite"), MERGE("merge"), KEPT_EDITS("kept"), CONFLICT("conflict"), UNCHANGED("unchanged"),
        KEPT_DELETED("deleted"), KEPT_DELETED_NEEDED("deleted"), RECREATE("recreate"), DELETE("remove"), KEPT_OBSOLETE("obsolete");

        public final String label;

        Action(String label) {
            this.label = label;
        }

        /** Whether the file on disk changes. */
        public boolean writes() {
            return this == CREATE || this == UPDATE || this == OVERWRITE || this == MERGE || this == RECREATE || this == DELETE;
        }
    }

    /** What happens to one file, and a word on why where it helps. */
    public record Outcome(String path, Action action, String detail) {
    }

    /**
     * Everything a run would do: the user's files to write and delete, and phpod's bookkeeping
     * (paths relative to {@value #BOOKKEEPING_DIR}) to write and delete.
     */
    public record Plan(List<Outcome> outcomes, Map<String, byte[]> writes, List<String> deletes, Map<String, byte[]> bookkeeping,
            List<String> bookkeepingDeletes, List<Change> changes) {
        /** The plan as a unified diff, made when asked for (--dry-run, --check): a run that writes never needs it. */
        public String diff() {
            StringBuilder diff = new StringBuilder();
            for (Change c : changes) {
                diff.append(UnifiedDiff.diff(c.path(), c.before() == null ? "" : text(c.before()), c.after() == null ? "" : text(c.after())));
            }
            return diff.toString();
        }

        public boolean changesNothing() {
            return writes.isEmpty() && deletes.isEmpty() && bookkeeping.isEmpty() && bookkeepingDeletes.isEmpty();
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

    /** One file's decision in generate: what to write there and beside it, and phpod's bookkeeping after. */
    private static final class Decision {
        Outcome outcome;
        byte[] write;
        byte[] beside;
        boolean deleteBeside;
        /** What the file on disk derives from after this run (null: nothing), and phpod's version still pending. */
        byte[] base;
        byte[] pending;
        /** What phpod generates now, and whether its version lies beside the file. */
        private final byte[] generated;
        private final boolean besideExists;

        Decision(byte[] base, byte[] pending, byte[] generated, boolean besideExists) {
            this.base = base;
            this.pending = pending;
            this.generated = generated;
            this.besideExists = besideExists;
        }

        Decision is(String path, Action action, String detail) {
            outcome = new Outcome(path, action, detail);
            return this;
        }

        Decision written(byte[] content) {
            write = content;
            return this;
        }

        /** The file is in step with what phpod generates now: nothing pending, nothing beside it. */
        Decision settled() {
            base = generated;
            pending = null;
            deleteBeside = besideExists;
            return this;
        }
    }

    public static Plan plan(Path out, FileSet next, boolean force, String version, Mode mode) {
        FileWriter.checkOutput(out, mode == Mode.INIT ? "--output" : "DIR");
        Map<String, byte[]> gen = next.files();
        Map<String, byte[]> base = readTree(out.resolve(STATE_DIR));
        Map<String, byte[]> pending = readTree(out.resolve(PENDING_DIR));
        TreeSet<String> paths = new TreeSet<>(base.keySet());
        paths.addAll(gen.keySet());
        paths.addAll(pending.keySet());
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, byte[]> writes = new LinkedHashMap<>();
        List<String> deletes = new ArrayList<>();
        Map<String, byte[]> book = new LinkedHashMap<>();
        List<String> bookDeletes = new ArrayList<>();
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
            Decision x;
            if (p.equals(DESCRIPTOR)) {
                // The user's input: written only when it is not there (init) or names an older phpod.
                x = new Decision(null, null, null, false);
                if (g == null) {
                    continue;
                } else if (d == null) {
                    x.is(p, Action.CREATE, "").write = g;
                } else if (Arrays.equals(d, g)) {
                    x.is(p, Action.UNCHANGED, "");
                } else if (mode == Mode.GENERATE) {
                    x.is(p, Action.UPDATE, "its phpod: line names this phpod; nothing else changed").write = g;
                } else if (force) {
                    x.is(p, Action.OVERWRITE, "--force").write = g;
                } else {
                    refused.add(p);
                    x.is(p, Action.CONFLICT, "exists with other content");
                }
            } else if (mode == Mode.INIT) {
                if (g == null) {
                    continue; // init leaves what it no longer generates to generate
                }
                x = new Decision(g, null, g, false);
                if (d == null) {
                    x.is(p, Action.CREATE, "").write = g;
                } else if (Arrays.equals(d, g)) {
                    x.is(p, Action.UNCHANGED, "");
                } else if (force) {
                    x.is(p, Action.OVERWRITE, "--force").write = g;
                } else {
                    refused.add(p);
                    x.is(p, Action.CONFLICT, "exists with other content");
                }
            } else {
                x = decide(p, g, b, d, pending.get(p), read(out.resolve(p + BESIDE)), force, version, gen);
            }
            if (x.write != null) {
                writes.put(p, x.write);
                changes.add(new Change(p, d, x.write));
            } else if (x.outcome != null && x.outcome.action() == Action.DELETE) {
                deletes.add(p);
                changes.add(new Change(p, d, null));
            }
            if (x.beside != null) {
                writes.put(p + BESIDE, x.beside);
                changes.add(new Change(p + BESIDE, read(out.resolve(p + BESIDE)), x.beside));
            } else if (x.deleteBeside) {
                deletes.add(p + BESIDE);
                changes.add(new Change(p + BESIDE, read(out.resolve(p + BESIDE)), null));
            }
            // phpod's bookkeeping: what the file derives from, and what is pending; the descriptor has none.
            bookkeep(GENERATED + p, b, p.equals(DESCRIPTOR) ? null : x.base, book, bookDeletes);
            bookkeep(PENDING + p, pending.get(p), p.equals(DESCRIPTOR) ? null : x.pending, book, bookDeletes);
            if (x.outcome != null) {
                outcomes.add(x.outcome);
            }
        }
        if (!refused.isEmpty()) {
            throw FileWriter.refusal(out, refused);
        }
        return new Plan(outcomes, writes, deletes, book, bookDeletes, changes);
    }

    private static final String DESCRIPTOR = dev.phpod.project.Descriptor.FILE_NAME;

    private static void bookkeep(String key, byte[] before, byte[] after, Map<String, byte[]> book, List<String> deletes) {
        if (after == null) {
            if (before != null) {
                deletes.add(key);
            }
        } else if (before == null || !Arrays.equals(before, after)) {
            book.put(key, after);
        }
    }

    /**
     * What generate does with one file: g what phpod generates now (null: no longer), b what the
     * file derives from, d the file on disk, pend phpod's version of an unresolved conflict, beside
     * the {@value #BESIDE} file next to it (each null when absent).
     */
    private static Decision decide(String p, byte[] g, byte[] b, byte[] d, byte[] pend, byte[] beside, boolean force, String version,
            Map<String, byte[]> gen) {
        if (pend == null && beside != null) {
            pend = beside; // left by a phpod that did not record it: its version is the pending one
        }
        // A file as phpod generated it last time holds no markers and no release: most files, not read further.
        boolean edited = d != null && !Arrays.equals(d, b);
        boolean marked = edited && utf8(d) && Conflicts.marked(text(d));
        if (pend != null && !marked && beside == null) {
            // The user resolved the conflict (markers gone, the file beside deleted): against phpod's version then.
            b = pend;
            pend = null;
        }
        if (marked && pend == null) {
            // Markers phpod's version of which was not kept (written by a phpod before pending conflicts were).
            return new Decision(b, null, g, beside != null).is(p, Action.CONFLICT, "holds conflict markers of an earlier phpod: resolve them by hand, then run generate again");
        }
        // What phpod generates, as the bookkeeping records it: the lines a release owns are taken
        // from the file on disk only for this run's comparison and merge.
        final byte[] generated = g;
        if (Releases.owns(p) && d != null && !Arrays.equals(d, b) && utf8(d)) {
            String disk = text(d);
            String baseText = b == null ? null : text(b);
            if (g != null) {
                g = bytes(Releases.adopt(p, text(g), disk, baseText));
            }
            if (b != null) {
                b = bytes(Releases.adopt(p, baseText, disk, baseText));
            }
        }
        String namedBy;
        if (g == null) {
            // phpod no longer generates it.
            Decision x = new Decision(null, null, null, beside != null).settled();
            if (d == null) {
                return x;
            }
            if (Arrays.equals(d, b)) {
                return x.is(p, Action.DELETE, "phpod no longer generates it");
            }
            return x.is(p, Action.KEPT_OBSOLETE, "phpod no longer generates it, but you edited it: kept");
        }
        Decision x = new Decision(b, pend, generated, beside != null);
        if (d == null) {
            x.settled();
            if (b == null) {
                return x.is(p, Action.CREATE, "").written(g);
            } else if (force) {
                return x.is(p, Action.RECREATE, "you had deleted it; --force brings it back").written(g);
            } else if ((namedBy = neededBy(gen, p)) != null) {
                // A file another one names (a Kustomize resource): deleted, the build fails.
                return x.is(p, Action.KEPT_DELETED_NEEDED, "you deleted it, but " + namedBy
                        + " names it, so that build fails: delete the reference too, or bring it back with --force");
            }
            return x.is(p, Action.KEPT_DELETED, "you deleted it; it stays deleted (--force brings it back)");
        }
        if (Arrays.equals(d, g)) {
            // The file is phpod's version: in step, whatever was pending.
            return x.settled().is(p, Action.UNCHANGED, "");
        }
        if (!utf8(d)) {
            // Bytes phpod cannot decode are never rewritten: its version goes beside them.
            return besideIt(x, p, g, generated, beside, "not UTF-8 text, so phpod cannot merge it");
        }
        String yours = marked ? Conflicts.yours(text(d)) : text(d);
        if (yours == null) {
            return x.is(p, Action.CONFLICT, "its conflict markers are not whole: resolve the conflict by hand, then run generate again");
        }
        if (b == null) {
            if (force) {
                return x.settled().is(p, Action.UPDATE, "--force: not made by phpod before, so phpod's version replaces it").written(g);
            }
            return besideIt(x, p, g, generated, beside, "not made by phpod before");
        }
        if (pend == null && Arrays.equals(d, b)) {
            return x.settled().is(p, Action.UPDATE, "").written(g);
        }
        if (force) {
            String m = Merge3.mergeTheirsWinning(text(b), yours, text(g)).text();
            String broken = yamlProblem(p, m);
            if (broken != null) {
                // Never the whole file replaced: the user's edits stay, phpod's version beside them.
                return besideIt(x, p, g, generated, beside, "--force could not merge it (the result is not valid YAML: " + broken + ")");
            }
            x.settled();
            if (m.equals(text(d))) {
                return x.is(p, Action.KEPT_EDITS, "your edits kept");
            }
            return x.is(p, Action.MERGE, m.equals(text(g)) ? "--force: phpod's version where your edits collided"
                    : "--force: your edits kept where they collide with nothing, phpod's version where they collide").written(bytes(m));
        }
        if (beside != null && pend != null) {
            return besideIt(x, p, g, generated, beside, "still pending");
        }
        Merge3.Result m = Merge3.merge(text(b), yours, text(g), Conflicts.YOURS, Conflicts.theirsLabel(version));
        if (m.conflicts() > 0) {
            x.pending = generated; // the base stays what the user's side derives from, until they resolve it
            x.is(p, Action.CONFLICT, m.conflicts() + " conflicting region(s) marked with <<<<<<< and >>>>>>>"
                    + (marked ? " (still unresolved)" : ""));
            if (!m.text().equals(text(d))) {
                x.write = bytes(m.text());
            }
            return x;
        }
        String broken = yamlProblem(p, m.text());
        if (broken != null) {
            return besideIt(x, p, g, generated, beside, "the merge is not valid YAML (" + broken + ")");
        }
        x.settled();
        if (m.text().equals(text(d))) {
            return x.is(p, Action.KEPT_EDITS, "your edits kept");
        }
        return x.is(p, Action.MERGE, "your edits kept, phpod's changes merged in").written(bytes(m.text()));
    }

    /** phpod's version goes beside the file, which stays as it is, until the user resolves it. */
    private static Decision besideIt(Decision x, String p, byte[] g, byte[] generated, byte[] beside, String why) {
        x.pending = generated;
        if (beside == null || !Arrays.equals(beside, g)) {
            x.beside = g;
        }
        return x.is(p, Action.CONFLICT, why + "; phpod's version is in " + p + BESIDE + ": merge what you need into " + p
                + " and delete it");
    }

    /** Writes the plan: the user's files first, each atomically, then phpod's bookkeeping. */
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
        Path book = out.resolve(BOOKKEEPING_DIR);
        Map<Path, byte[]> records = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> s : plan.bookkeeping().entrySet()) {
            records.put(book.resolve(s.getKey()), s.getValue());
        }
        FileWriter.writeAllAtomically(records);
        for (String d : plan.bookkeepingDeletes()) {
            Files.deleteIfExists(book.resolve(d));
            pruneEmptyParents(book, book.resolve(d));
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
