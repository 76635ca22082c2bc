package dev.phpod.generate;

import dev.phpod.project.Environment;
import dev.phpod.project.Project;

/** Everything {@code phpod init} writes for one project, prepared in memory. */
public final class ProjectGenerator {
    private ProjectGenerator() {
    }

    /**
     * The files of a project. {@code descriptor} is phpod.yaml as the user wrote it (init --from,
     * generate), kept as it is; null renders it from the project (init from flags).
     */
    public static FileSet generate(Project project, String descriptor) {
        FileSet out = new FileSet();
        out.add(dev.phpod.project.Descriptor.FILE_NAME, descriptor != null ? descriptor : Templates.Root.phpod(project).render());
        ChartGenerator.generate(project, out);
        for (Environment env : project.environments()) {
            out.add("helm/values-" + env.name() + ".yaml", Templates.Helm.values(project, env).render());
        }
        KustomizeGenerator.generate(project, out);
        return out;
    }
}
