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
                "Each file is merged three ways: what phpod wrote last time (kept in DIR/" + Regenerator.STATE_DIR + "),",
                "what is on disk now, and what phpod writes now. Your edits that don't collide survive;",
                "a collision is written between <<<<<<< and >>>>>>> markers, reported, and the exit code is 1.",
                "A file you deleted stays deleted unless --force. Files phpod no longer generates are removed",
                "if you never edited them; an edited one is kept and the exit code is 1 (the edit no longer",
                "takes effect). --force takes phpod's version only where your edits collide.",
                "Running it again with nothing changed writes nothing.",
                "Commit DIR/.phpod/ with the rest: it is what makes the next merge possible." },
        footer = { "", "Examples:",
                "  phpod generate                  # after editing deploy/phpod.yaml or upgrading phpod",
                "  phpod generate --dry-run        # show the changes as a unified diff, write nothing",
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

    @Override
    public Integer call() throws Exception {
        FileWriter.checkOutput(dir, "DIR");
        Path descriptor = dir.resolve(Descriptor.FILE_NAME);
        if (!Files.isRegularFile(descriptor)) {
            throw new InputException("DIR: " + descriptor + " does not exist; give the folder phpod init wrote, or run phpod init first");
        }
        Project project = Descriptor.read(descriptor, Version.get());
        Regenerator.Plan plan = Generation.run(project, dir, force, dryRun, Version.get(), Regenerator.Mode.GENERATE);
        return Report.print(output, dir, plan, dryRun, Regenerator.Mode.GENERATE, null);
    }
}
