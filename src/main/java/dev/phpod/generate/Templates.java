package dev.phpod.generate;

import java.util.List;

import dev.phpod.project.Environment;
import dev.phpod.project.Project;
import dev.phpod.project.WritablePath;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The type-safe Qute templates. Their files under {@code src/main/resources/templates/} mirror the
 * output tree; a typo in an expression fails the build, not a user's run.
 */
final class Templates {
    private Templates() {
    }

    /** templates/phpod.yaml: the project descriptor. */
    @CheckedTemplate(basePath = "", requireTypeSafeExpressions = true)
    static class Root {
        static native TemplateInstance phpod(Project project);
    }

    /** templates/helm/: files beside the chart. */
    @CheckedTemplate(basePath = "helm", requireTypeSafeExpressions = true)
    static class Helm {
        static native TemplateInstance values(Project project, Environment env);
    }

    /** templates/kustomize/: an overlay's kustomization.yaml. */
    @CheckedTemplate(basePath = "kustomize", requireTypeSafeExpressions = true)
    static class Kustomize {
        static native TemplateInstance kustomization(Project project, Environment env, KustomizeGenerator.Claims claims,
                List<KustomizeGenerator.Cmd> commands, ChartDefaults.Pool pool);
    }

    /** templates/kustomize/base/: the claims of the persistent writable paths. */
    @CheckedTemplate(basePath = "kustomize/base", requireTypeSafeExpressions = true)
    static class KustomizeBase {
        static native TemplateInstance claims(Project project);

        static native TemplateInstance cliPod(Project project, KustomizeGenerator.Cmd cmd, List<WritablePath> writable);

        static native TemplateInstance commands(Project project, List<KustomizeGenerator.Cmd> commands);
    }

    /** templates/kustomize/base/config/: the nginx locations of the project's layout. */
    @CheckedTemplate(basePath = "kustomize/base/config", requireTypeSafeExpressions = true)
    static class KustomizeConfig {
        static native TemplateInstance appLocations(List<KustomizeGenerator.Served> served, List<String> deniedPaths,
                String denyCopies, String frontController);
    }
}
