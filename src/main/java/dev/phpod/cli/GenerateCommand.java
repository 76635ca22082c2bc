package dev.phpod.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

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
        Path descriptor = dir.resolve(Descriptor.FILE_NAME);
        if (!Files.isRegularFile(descriptor)) {
            throw new InputException("DIR: " + descriptor + " does not exist; give the folder phpod init wrote, or run phpod init first");
        }
        Project project = Descriptor.read(descriptor, Version.get());
        Regenerator.Plan plan = Regenerator.plan(dir, ProjectGenerator.generate(project), force, Version.get());
        PrintWriter o = spec.commandLine().getOut();
        if (dryRun) {
            o.print(plan.diff());
        } else if (!plan.changesNothing()) {
            Regenerator.apply(dir, plan);
        }
        if (plan.changesNothing() && plan.conflicts() == 0) {
            long kept = plan.outcomes().stream().filter(x -> x.action() == Regenerator.Action.KEPT_EDITS).count();
            long deleted = plan.outcomes().stream().filter(x -> x.action() == Regenerator.Action.KEPT_DELETED).count();
            o.printf("phpod: %s is up to date; nothing to write%s%n", dir, kept + deleted == 0 ? ""
                    : " (" + kept + " file(s) keep your edits, " + deleted + " file(s) you deleted stay deleted)");
        } else {
            o.printf("phpod: %s %s%n", dryRun ? "would change" : "changed", dir);
            for (Regenerator.Outcome x : plan.outcomes()) {
                if (x.action() != Regenerator.Action.UNCHANGED) {
                    o.printf("  %-10s %s%s%n", x.action().label, dir.resolve(x.path()), x.detail().isEmpty() ? "" : "  (" + x.detail() + ")");
                }
            }
        }
        o.flush();
        if (plan.conflicts() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("phpod: %d file(s) with conflicts; resolve the marked regions (or see the .phpod-new files), then run phpod generate again%n",
                    plan.conflicts());
            err.flush();
            return ExitCodes.FINDINGS;
        }
        return ExitCodes.OK;
    }
}
