package dev.phpod.generate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.phpod.project.Environment;
import dev.phpod.project.Project;

/**
 * Makes {@code kustomize/}: the base and the optional components from the kustomize skeleton (which
 * is derived from the chart's defaults), with the project's name, image and paths put in; and one
 * overlay per environment from a Qute template.
 */
public final class KustomizeGenerator {
    private KustomizeGenerator() {
    }

    public static void generate(Project project, FileSet out) {
        Map<String, String> tokens = new LinkedHashMap<>();
        // Longest first, replaced in one pass, so a replacement is never replaced again.
        tokens.put("/var/www/html/public", project.docrootPath());
        tokens.put("/var/www/html", project.codePath());
        tokens.put("example/php-app:latest", project.image().repository() + ":" + project.image().tag());
        tokens.put(ChartGenerator.SKELETON_NAME, project.name());
        Pattern any = Pattern.compile(String.join("|", tokens.keySet().stream().map(Pattern::quote).toList()));
        for (Map.Entry<String, String> f : Skeleton.kustomize().files().entrySet()) {
            Matcher m = any.matcher(f.getValue());
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, Matcher.quoteReplacement(tokens.get(m.group())));
            }
            m.appendTail(b);
            out.add("kustomize/" + f.getKey(), b.toString());
        }
        for (Environment env : project.environments()) {
            out.add("kustomize/overlays/" + env.name() + "/kustomization.yaml", Templates.Kustomize.kustomization(project, env).render());
        }
    }
}
