package dev.phpod.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.phpod.project.Project;

/** One run of the generator: prepare everything in memory, check it, then write (or not). */
public final class Generation {
    private Generation() {
    }

    public static List<FileWriter.Entry> run(Project project, Path out, boolean force, boolean dryRun) throws IOException {
        FileSet files = ProjectGenerator.generate(project);
        List<FileWriter.Entry> plan = FileWriter.plan(out, files, force);
        if (!dryRun) {
            try (OutputLock lock = OutputLock.acquire(out)) {
                // Planned again under the lock: another run may have written in between.
                plan = FileWriter.plan(out, files, force);
                FileWriter.write(out, files, plan);
                Regenerator.recordState(out, files);
            }
        }
        return plan;
    }
}
