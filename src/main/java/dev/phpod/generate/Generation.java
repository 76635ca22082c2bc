package dev.phpod.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.phpod.project.Project;

/**
 * One run of init or generate: everything prepared in memory and decided by one plan, checked,
 * then written by one writer under the folder's lock (or not at all, for a dry run).
 */
public final class Generation {
    private Generation() {
    }

    /** {@code descriptor}: phpod.yaml as the user wrote it, or null to write it from the project (init from flags). */
    public static Regenerator.Plan run(Project project, String descriptor, Path out, boolean force, boolean dryRun, String version,
            Regenerator.Mode mode) throws IOException {
        FileSet files = ProjectGenerator.generate(project, descriptor);
        boolean absent = !Files.exists(out);
        Regenerator.Plan plan = Regenerator.plan(out, files, force, version, mode);
        if (!dryRun && !plan.changesNothing()) {
            try (OutputLock lock = OutputLock.acquire(out)) {
                // Planned again under the lock: another run may have written in between, unless the
                // folder is as the plan saw it (absent then, nothing but the lock now).
                if (!absent || !OutputLock.onlyTheLockIn(out)) {
                    plan = Regenerator.plan(out, files, force, version, mode);
                }
                Regenerator.apply(out, plan);
            }
        }
        return plan;
    }
}
