package dev.phpod.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.phpod.generate.FileWriter;
import dev.phpod.generate.Generation;
import dev.phpod.generate.Regenerator;
import dev.phpod.project.Descriptor;
import dev.phpod.project.InputException;
import dev.phpod.project.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {
                "Generates the deployment again from DIR/phpod.yaml, keeping your edits.",
                "phpod.yaml is yours: phpod never merges or reformats it (it only updates its phpod: line",
                "when a newer phpod runs). Every other file is merged three ways: what phpod wrote last time",
                "(kept in DIR/" + Regenerator.STATE_DIR + "), what is on disk now, and what phpod writes now. Your edits",
                "that don't collide survive; a collision is written between <<<<<<< and >>>>>>> markers (or, where",
                "a merge cannot be written, phpod's version goes beside the file as FILE" + Regenerator.BESIDE + "), listed, and",
                "the exit code is 1 until you resolve it: remove the markers, or delete the " + Regenerator.BESIDE + " file.",
                "--force takes phpod's version only where your edits collide, and brings back files you deleted.",
                "A file you deleted stays deleted otherwise. Files phpod no longer generates are removed if you",
                "never edited them; an edited one is kept and the exit code is 1 (the edit no longer takes effect).",
                "Releases own each environment's image tag and digest (values-ENV.yaml, the overlay's images",
                "entry): once a release changed them, phpod keeps what it wrote. Running it again with nothing",
                "changed writes nothing. Commit DIR/.phpod/ with the rest: it is what makes the next merge possible." },
        footer = { "", "Examples:",
                "  phpod generate                  # after editing deploy/phpod.yaml or upgrading phpod",
                "  phpod generate --dry-run        # show the changes as a unified diff, write nothing",
                "  phpod generate --check          # in CI: exit 1 when phpod.yaml and the files differ",
                "  phpod generate infra/deploy --force",
                "", ExitCodes.HELP })
public class GenerateCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "deploy",
            description = "The folder phpod init wrote, holding phpod.yaml (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--force", description = "Take phpod's version where your edits collide, and bring back files you deleted.")
    boolean force;

    @Option(names = "--dry-run", description = "Print what would change as a unified diff; write nothing.")
    boolean dryRun;

    @Option(names = "--check", description = "As --dry-run, and exit 1 when anything would change or a conflict waits: a drift gate for CI.")
    boolean check;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() throws Exception {
        FileWriter.checkOutput(dir, "DIR");
        Path descriptor = dir.resolve(Descriptor.FILE_NAME);
        if (!Files.isRegularFile(descriptor)) {
            throw new InputException("DIR: " + descriptor + " does not exist; give the folder phpod init wrote, or run phpod init first");
        }
        Verbosity.Level level = verbosity.level();
        if (check && dryRun) {
            throw new InputException("--check: already shows what would change; drop --dry-run");
        }
        Descriptor.Loaded loaded = Descriptor.load(descriptor, Version.get());
        Report.Run run = check ? Report.Run.CHECK : dryRun ? Report.Run.DRY_RUN : Report.Run.WRITE;
        Regenerator.Plan plan = Generation.run(loaded.project(), Descriptor.withVersion(loaded.text(), Version.get()), dir, force, !run.writes(),
                Version.get(), Regenerator.Mode.GENERATE);
        return Report.print(output, level, dir, plan, run, Regenerator.Mode.GENERATE, java.util.List.of(), java.util.List.of());
    }
}
