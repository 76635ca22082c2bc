package dev.phpod.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.phpod.generate.FileSet;
import dev.phpod.generate.FileWriter;
import dev.phpod.generate.OutputLock;
import dev.phpod.generate.ProjectGenerator;
import dev.phpod.generate.Regenerator;
import dev.phpod.project.Descriptor;
import dev.phpod.project.InputException;
import dev.phpod.project.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {
                "Generates the deployment again from DIR/phpod.yaml, keeping your edits.",
                "Each file is merged three ways: what phpod wrote last time (kept in DIR/" + Regenerator.STATE_DIR + "),",
                "what is on disk now, and what phpod writes now. Your edits that don't collide survive;",
                "a collision is written between <<<<<<< and >>>>>>> markers, reported, and the exit code is 1.",
                "A file you deleted stays deleted unless --force. Files phpod no longer generates are removed",
                "if you never edited them. Running it again with nothing changed writes nothing.",
                "Commit DIR/.phpod/ with the rest: it is what makes the next merge possible." },
        footer = { "", "Examples:",
                "  phpod generate                  # after editing deploy/phpod.yaml or upgrading phpod",
                "  phpod generate --dry-run        # show the changes as a unified diff, write nothing",
                "  phpod generate infra/deploy --force",
                "", ExitCodes.HELP })
public class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "deploy",
            description = "The folder phpod init wrote, holding phpod.yaml (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--force", description = "Take phpod's version where your edits collide, and bring back files you deleted.")
    boolean force;

    @Option(names = "--dry-run", description = "Print what would change as a unified diff; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        FileWriter.checkOutput(dir, "DIR");
        Path descriptor = dir.resolve(Descriptor.FILE_NAME);
        if (!Files.isRegularFile(descriptor)) {
            throw new InputException("DIR: " + descriptor + " does not exist; give the folder phpod init wrote, or run phpod init first");
        }
        Project project = Descriptor.read(descriptor, Version.get());
        FileSet files = ProjectGenerator.generate(project);
        Regenerator.Plan plan = Regenerator.plan(dir, files, force, Version.get());
        PrintWriter o = spec.commandLine().getOut();
        if (dryRun) {
            o.print(plan.diff());
        } else if (!plan.changesNothing()) {
            try (OutputLock lock = OutputLock.acquire(dir)) {
                // Planned again under the lock: another run may have written in between.
                plan = Regenerator.plan(dir, files, force, Version.get());
                Regenerator.apply(dir, plan);
            }
        }
        List<String> obsolete = plan.outcomes().stream().filter(x -> x.action() == Regenerator.Action.KEPT_OBSOLETE).map(Regenerator.Outcome::path).toList();
        if (plan.changesNothing() && plan.conflicts() == 0 && obsolete.isEmpty()) {
            long kept = plan.outcomes().stream().filter(x -> x.action() == Regenerator.Action.KEPT_EDITS).count();
            long deleted = plan.outcomes().stream().filter(x -> x.action() == Regenerator.Action.KEPT_DELETED).count();
            List<String> notes = new ArrayList<>();
            if (kept > 0) {
                notes.add(kept + " file(s) keep your edits");
            }
            if (deleted > 0) {
                notes.add(deleted + " file(s) you deleted stay deleted");
            }
            o.printf("phpod: %s is up to date; nothing to write%s%n", dir, notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
        } else {
            o.printf("phpod: %s %s%n", dryRun ? "would change" : "changed", dir);
            for (Regenerator.Outcome x : plan.outcomes()) {
                if (x.action() != Regenerator.Action.UNCHANGED) {
                    o.printf("  %-10s %s%s%n", x.action().label, dir.resolve(x.path()), x.detail().isEmpty() ? "" : "  (" + x.detail() + ")");
                }
            }
        }
        o.flush();
        PrintWriter err = spec.commandLine().getErr();
        int exit = ExitCodes.OK;
        if (plan.conflicts() > 0) {
            boolean beside = plan.writes().keySet().stream().anyMatch(k -> k.endsWith(".phpod-new"));
            boolean marked = plan.outcomes().stream().anyMatch(x -> x.action() == Regenerator.Action.CONFLICT && x.detail().contains("<<<<<<<"));
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
        err.flush();
        return exit;
    }
}
