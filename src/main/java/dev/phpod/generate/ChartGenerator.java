package dev.phpod.generate;

import java.util.Map;

import dev.phpod.project.Project;

/**
 * Makes {@code helm/<name>/} from the chart skeleton, the {@code helm create} way: the templates are
 * copied verbatim (no second template engine runs over Go templates); only a few exactly known lines
 * of Chart.yaml and values.yaml take the project's name and defaults, and the README's parameter
 * table is made again from values.yaml.
 */
public final class ChartGenerator {
    /** The chart name the skeleton carries, replaced by the project's name. */
    public static final String SKELETON_NAME = "phpod-app";

    private ChartGenerator() {
    }

    public static void generate(Project project, FileSet out) {
        String dir = "helm/" + project.name() + "/";
        for (Map.Entry<String, String> f : Skeleton.chart().files().entrySet()) {
            String path = f.getKey();
            String content = f.getValue();
            if (path.startsWith("ci/")) {
                continue; // the skeleton's own test combinations
            }
            content = switch (path) {
                case "Chart.yaml" -> replaceLine(path, content, "name: " + SKELETON_NAME, "name: " + project.name())
                        .replace("appVersion: \"latest\"", "appVersion: " + YamlText.yaml(project.image().tag()));
                case "values.yaml" -> values(project, content);
                case "README.md" -> content.replace(SKELETON_NAME, project.name());
                default -> content;
            };
            out.add(dir + path, content);
        }
        String readme = out.text(dir + "README.md");
        if (readme != null) {
            out.replace(dir + "README.md", ParamTable.replaceIn(readme, out.text(dir + "values.yaml")));
        }
    }

    static String values(Project project, String content) {
        content = replaceLine("values.yaml", content, "  repository: example/php-app", "  repository: " + YamlText.yaml(project.image().repository()));
        content = replaceLine("values.yaml", content, "  path: /var/www/html", "  path: " + YamlText.yaml(project.codePath()));
        content = replaceLine("values.yaml", content, "  docroot: public", "  docroot: " + YamlText.yaml(project.docroot()));
        if (!project.image().digest().isEmpty()) {
            content = replaceLine("values.yaml", content, "  digest: \"\"", "  digest: " + YamlText.yaml(project.image().digest()));
        }
        return content;
    }

    /** Replaces one exactly known line; the skeleton and this code must agree, so a miss is a bug. */
    static String replaceLine(String file, String content, String line, String replacement) {
        String whole = "\n" + line + "\n";
        int at = content.indexOf(whole);
        if (at < 0 || content.indexOf(whole, at + 1) >= 0) {
            throw new IllegalStateException("chart skeleton " + file + ": expected exactly one line '" + line + "'");
        }
        return content.substring(0, at + 1) + replacement + content.substring(at + 1 + line.length());
    }
}
