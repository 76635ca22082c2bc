package dev.phpod.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.phpod.generate.Regenerator;
import dev.phpod.generate.Regenerator.Action;
import dev.phpod.generate.Regenerator.Mode;
import dev.phpod.generate.Regenerator.Plan;

/**
 * What init and generate tell the user about one plan, and the exit code it means: one place, so
 * the two commands cannot drift. By default a summary (init: what it wrote and what to run next;
 * generate: the files it changed or could not merge); --verbose lists every file, --quiet prints
 * nothing but errors. Problems always go to stderr, one line each.
 */
final class Report {
    private Report() {
    }

    /** A run that writes, one that shows the changes (--dry-run), or the drift gate (--check). */
    enum Run {
        WRITE, DRY_RUN, CHECK;

        boolean writes() {
            return this == WRITE;
        }
    }

    static int print(OutputOptions output, Verbosity.Level level, Path dir, Plan plan, Run run, Mode mode, List<String> found, List<String> next) {
        // Gathered, then printed at once: the command's writer flushes at every line.
        StringWriter text = new StringWriter();
        PrintWriter o = new PrintWriter(text);
        List<String> obsolete = paths(plan, Action.KEPT_OBSOLETE);
        if (!run.writes() && mode == Mode.GENERATE) {
            o.print(plan.diff());
        }
        long created = count(plan, Action.CREATE);
        long overwritten = count(plan, Action.OVERWRITE);
        long unchanged = count(plan, Action.UNCHANGED);
        List<String> needed = paths(plan, Action.KEPT_DELETED_NEEDED);
        boolean upToDate = plan.changesNothing() && plan.conflicts() == 0 && obsolete.isEmpty() && needed.isEmpty();
        if (upToDate) {
            List<String> notes = new ArrayList<>();
            if (mode == Mode.INIT) {
                notes.add(unchanged + " files unchanged");
            }
            if (count(plan, Action.KEPT_EDITS) > 0) {
                notes.add(count(plan, Action.KEPT_EDITS) + " file(s) keep your edits");
            }
            if (count(plan, Action.KEPT_DELETED) > 0) {
                notes.add(count(plan, Action.KEPT_DELETED) + " file(s) you deleted stay deleted");
            }
            o.printf("phpod: %s is up to date; nothing to write%s%n", dir, notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
        } else if (mode == Mode.INIT) {
            o.printf("phpod: %s %d files in %s (%d new, %d overwritten, %d unchanged)%n", run.writes() ? "wrote" : "would write",
                    created + overwritten, dir, created, overwritten, unchanged);
        } else {
            o.printf("phpod: %s %s%n", run.writes() ? "changed" : "would change", dir);
        }
        // What init found in the source tree: the layout, then each command it added.
        found.forEach(n -> o.printf("phpod: %s%n", n));
        for (Regenerator.Outcome x : plan.outcomes()) {
            boolean listed = switch (level) {
                case QUIET -> false;
                case EVERY_FILE -> true;
                // A dry run of init lists what it would write; generate lists what changes or waits for the user.
                case SUMMARY -> mode == Mode.INIT ? !run.writes()
                        : x.action().writes() || x.action() == Action.CONFLICT || x.action() == Action.KEPT_OBSOLETE
                                || x.action() == Action.KEPT_DELETED_NEEDED;
            };
            if (listed) {
                String detail = mode == Mode.INIT || x.detail().isEmpty() || x.action() == Action.KEPT_DELETED_NEEDED ? "" : "  (" + x.detail() + ")";
                o.printf("  %-10s %s%s%n", x.action().label, dir.resolve(x.path()), detail);
            }
        }
        if (run.writes() && mode == Mode.INIT && !next.isEmpty() && !upToDate) {
            o.println("Next:");
            next.forEach(c -> o.println("  " + c));
        }
        o.flush();
        if (level != Verbosity.Level.QUIET) {
            output.out().print(text);
            output.out().flush();
        }

        PrintWriter err = output.err();
        int exit = ExitCodes.OK;
        if (plan.conflicts() > 0) {
            boolean beside = plan.outcomes().stream().anyMatch(x -> x.action() == Action.CONFLICT && x.detail().contains(Regenerator.BESIDE));
            boolean marked = plan.outcomes().stream().anyMatch(x -> x.action() == Action.CONFLICT && x.detail().contains("<<<<<<<"));
            List<String> steps = new ArrayList<>();
            if (marked) {
                steps.add("resolve the regions marked with <<<<<<< and >>>>>>>");
            }
            if (beside) {
                steps.add("merge each " + Regenerator.BESIDE + " file into the file beside it and delete it");
            }
            if (steps.isEmpty()) {
                steps.add("resolve them as listed");
            }
            err.printf("phpod: %d file(s) with conflicts (%s); %s, then run 'phpod generate %s' again (--force takes phpod's version where your "
                    + "edits collide)%n", plan.conflicts(), String.join(", ", paths(plan, Action.CONFLICT).stream().limit(3).toList())
                            + (plan.conflicts() > 3 ? " ..." : ""), String.join(" and ", steps), dir);
            exit = ExitCodes.FINDINGS;
        }
        if (!obsolete.isEmpty()) {
            // An edit in a file phpod no longer generates takes effect nowhere: say so, not exit 0.
            err.printf("phpod: %d file(s) that phpod no longer generates hold your edits, which no longer take effect (%s); move what you need "
                    + "into the files phpod generates now, delete them, and run 'phpod generate %s' again%n", obsolete.size(),
                    String.join(", ", obsolete.subList(0, Math.min(3, obsolete.size()))) + (obsolete.size() > 3 ? " ..." : ""), dir);
            exit = ExitCodes.FINDINGS;
        }
        for (Regenerator.Outcome x : plan.outcomes()) {
            if (x.action() == Action.KEPT_DELETED_NEEDED) {
                err.printf("phpod: %s: %s%n", dir.resolve(x.path()), x.detail());
                exit = ExitCodes.FINDINGS;
            }
        }
        if (run == Run.CHECK && !plan.changesNothing()) {
            err.printf("phpod: %s is not what phpod.yaml generates; run 'phpod generate %s' and commit the result%n", dir, dir);
            exit = ExitCodes.FINDINGS;
        }
        err.flush();
        return exit;
    }

    private static List<String> paths(Plan plan, Action action) {
        return plan.outcomes().stream().filter(x -> x.action() == action).map(Regenerator.Outcome::path).toList();
    }

    private static long count(Plan plan, Action action) {
        return plan.outcomes().stream().filter(x -> x.action() == action).count();
    }
}
