package dev.phpod.generate;

import dev.phpod.project.Environment;
import dev.phpod.project.Project;

/** Everything {@code phpod init} writes for one project, prepared in memory. */
public final class ProjectGenerator {
    private ProjectGenerator() {
    }

    public static FileSet generate(Project project) {
        FileSet out = new FileSet();
        out.add("phpod.yaml", Templates.Root.phpod(project).render());
        ChartGenerator.generate(project, out);
        for (Environment env : project.environments()) {
            out.add("helm/values-" + env.name() + ".yaml", Templates.Helm.values(project, env).render());
        }
        KustomizeGenerator.generate(project, out);
        return out;
    }
}
