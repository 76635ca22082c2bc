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
 * the two commands cannot drift. init lists every file; generate lists what changes.
 */
final class Report {
    private Report() {
    }

    static int print(OutputOptions output, Path dir, Plan plan, boolean dryRun, Mode mode, String layoutNote) {
        // Gathered, then printed at once: the command's writer flushes at every line.
        StringWriter text = new StringWriter();
        PrintWriter o = new PrintWriter(text);
        List<String> obsolete = plan.outcomes().stream().filter(x -> x.action() == Action.KEPT_OBSOLETE).map(Regenerator.Outcome::path).toList();
        if (dryRun && mode == Mode.GENERATE) {
            o.print(plan.diff());
        }
        long created = count(plan, Action.CREATE);
        long overwritten = count(plan, Action.OVERWRITE);
        long unchanged = count(plan, Action.UNCHANGED);
        List<String> needed = plan.outcomes().stream().filter(x -> x.action() == Action.KEPT_DELETED_NEEDED).map(Regenerator.Outcome::path).toList();
        if (plan.changesNothing() && plan.conflicts() == 0 && obsolete.isEmpty() && needed.isEmpty()) {
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
            o.printf("phpod: %s %d files in %s (%d new, %d overwritten, %d unchanged)%n", dryRun ? "would write" : "wrote", created + overwritten,
                    dir, created, overwritten, unchanged);
        } else {
            o.printf("phpod: %s %s%n", dryRun ? "would change" : "changed", dir);
        }
        if (layoutNote != null) {
            o.printf("phpod: %s%n", layoutNote);
        }
        for (Regenerator.Outcome x : plan.outcomes()) {
            if (mode == Mode.INIT || x.action() != Action.UNCHANGED) {
                String detail = mode == Mode.INIT || x.detail().isEmpty() || x.action() == Action.KEPT_DELETED_NEEDED ? "" : "  (" + x.detail() + ")";
                o.printf("  %-10s %s%s%n", x.action().label, dir.resolve(x.path()), detail);
            }
        }
        o.flush();
        output.out().print(text);
        output.out().flush();

        PrintWriter err = output.err();
        int exit = ExitCodes.OK;
        if (plan.conflicts() > 0) {
            boolean beside = plan.writes().keySet().stream().anyMatch(k -> k.endsWith(".phpod-new"));
            boolean marked = plan.outcomes().stream().anyMatch(x -> x.action() == Action.CONFLICT && x.detail().contains("<<<<<<<"));
            String what = marked && beside ? "resolve the marked regions and merge the .phpod-new files into theirs"
                    : beside ? "merge each .phpod-new file into the file beside it and delete it" : "resolve the regions marked with <<<<<<< and >>>>>>>";
            err.printf("phpod: %d file(s) with conflicts; %s, then run 'phpod generate %s' again%n", plan.conflicts(), what, dir);
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
        err.flush();
        return exit;
    }

    private static long count(Plan plan, Action action) {
        return plan.outcomes().stream().filter(x -> x.action() == action).count();
    }
}
