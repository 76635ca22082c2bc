package dev.phpod.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.phpod.project.Project;
import dev.phpod.project.WritablePath;

/**
 * Makes {@code helm/<name>/} from the chart skeleton, the {@code helm create} way: the templates are
 * copied verbatim (no second template engine runs over Go templates); only a few exactly known lines
 * of Chart.yaml and values.yaml take the project's name and defaults, and the README's parameter
 * table is made again from values.yaml.
 */
public final class ChartGenerator {
    private ChartGenerator() {
    }

    public static void generate(Project project, FileSet out) {
        String dir = "helm/" + project.name() + "/";
        Placeholders placeholders = Placeholders.of(project);
        for (Map.Entry<String, String> f : Skeleton.chart().files().entrySet()) {
            String path = f.getKey();
            if (path.startsWith("ci/")) {
                continue; // the skeleton's own test combinations
            }
            String content = placeholders.apply(f.getValue());
            content = switch (path) {
                case "Chart.yaml" -> replaceLine(path, content, "appVersion: \"latest\"", "appVersion: " + YamlText.yaml(project.image().tag()));
                case "values.yaml" -> values(project, content);
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
        // The placeholders are in; quote the values the user typed.
        content = replaceLine("values.yaml", content, "  repository: " + project.image().repository(), "  repository: " + YamlText.yaml(project.image().repository()));
        content = replaceLine("values.yaml", content, "  path: " + project.codePath(), "  path: " + YamlText.yaml(project.codePath()));
        content = replaceLine("values.yaml", content, "  docroot: public", "  docroot: " + YamlText.yaml(project.docroot()));
        content = replaceLine("values.yaml", content, "writablePaths: []", writablePaths(project));
        if (!project.envFrom().isEmpty()) {
            StringBuilder b = new StringBuilder("envFrom:");
            project.envFrom().forEach(e -> b.append("\n  - ").append(e.ref()).append(":\n      name: ").append(YamlText.yamlPlain(e.name())));
            content = replaceLine("values.yaml", content, "envFrom: []", b.toString());
        }
        if (!project.processes().isEmpty()) {
            StringBuilder b = new StringBuilder("processes:");
            for (dev.phpod.project.AppProcess p : project.processes()) {
                b.append("\n  - name: ").append(YamlText.yamlPlain(p.name()));
                b.append("\n    command: ").append(flowList(p.command()));
                b.append("\n    replicas: ").append(p.replicas());
                b.append("\n    terminationGracePeriodSeconds: ").append(p.stopSeconds());
            }
            content = replaceLine("values.yaml", content, "processes: []", b.toString());
        }
        if (!project.schedules().isEmpty()) {
            StringBuilder b = new StringBuilder("schedules:");
            for (dev.phpod.project.Schedule c : project.schedules()) {
                b.append("\n  - name: ").append(YamlText.yamlPlain(c.name()));
                b.append("\n    schedule: ").append(YamlText.yaml(c.schedule()));
                b.append("\n    command: ").append(flowList(c.command()));
                b.append("\n    activeDeadlineSeconds: ").append(c.deadlineSeconds());
            }
            content = replaceLine("values.yaml", content, "schedules: []", b.toString());
        }
        if (project.release() != null) {
            content = replaceLine("values.yaml", content, "  command: []", "  command: " + flowList(project.release().command()));
            content = replaceLine("values.yaml", content, "  activeDeadlineSeconds: 600", "  activeDeadlineSeconds: " + project.release().deadlineSeconds());
        }
        ChartDefaults chart = ChartDefaults.load();
        String storage = chart.nginxStorageLimitFor(writableMiB(project));
        if (!storage.equals(chart.nginxStorageLimit())) {
            content = replaceLine("values.yaml", content, "      ephemeral-storage: " + chart.nginxStorageLimit(),
                    "      ephemeral-storage: " + storage + "  # phpod: raised for the writable paths of phpod.yaml");
        }
        if (!project.layout().deniedPaths().isEmpty()) {
            content = replaceLine("values.yaml", content, "  deniedPaths: []",
                    "  deniedPaths: [" + String.join(", ", project.layout().deniedPaths().stream().map(YamlText::yaml).toList()) + "]");
        }
        if (!project.layout().deniedExtensions().isEmpty()) {
            List<String> defaults = chart.deniedExtensions();
            content = replaceLine("values.yaml", content, "  deniedExtensions: [" + String.join(", ", defaults) + "]",
                    "  deniedExtensions: [" + String.join(", ", deniedExtensions(project, defaults)) + "]");
        }
        if (!project.image().digest().isEmpty()) {
            content = replaceLine("values.yaml", content, "  digest: \"\"", "  digest: " + YamlText.yaml(project.image().digest()));
        }
        return content;
    }

    /** A list of text as a YAML flow sequence of quoted scalars. */
    static String flowList(List<String> items) {
        return "[" + String.join(", ", items.stream().map(YamlText::yaml).toList()) + "]";
    }

    /** The chart's denied extensions and the project's, each once. */
    static List<String> deniedExtensions(Project project, List<String> defaults) {
        List<String> out = new ArrayList<>(defaults);
        project.layout().deniedExtensions().stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    /** The MiB the project's writable emptyDirs may hold (persistent paths are claims). */
    static long writableMiB(Project project) {
        return writableMiB(project, WritablePath::persistent);
    }

    /** The MiB of a pod's writable emptyDirs: the paths that do not mount a claim in it. */
    static long writableMiB(Project project, java.util.function.Predicate<WritablePath> claimed) {
        return project.layout().writablePaths().stream().filter(claimed.negate())
                .mapToLong(w -> ChartDefaults.mib(ChartDefaults.sizeLimit(w))).sum();
    }

    private static String writablePaths(Project project) {
        if (project.layout().writablePaths().isEmpty()) {
            return "writablePaths: []";
        }
        StringBuilder b = new StringBuilder("writablePaths:");
        for (WritablePath w : project.layout().writablePaths()) {
            b.append("\n  - name: ").append(YamlText.yamlPlain(w.name()));
            b.append("\n    path: ").append(YamlText.yaml(w.absolute(project.codePath())));
            if (w.sizeLimit() != null) {
                b.append("\n    sizeLimit: ").append(YamlText.yaml(w.sizeLimit()));
            }
            if (w.seed()) {
                b.append("\n    seed: true");
            }
            if (w.urlPath() != null) {
                b.append("\n    urlPath: ").append(YamlText.yaml(w.urlPath()));
            }
            if (w.frontController()) {
                b.append("\n    frontController: true");
            }
            if (w.persistent()) {
                b.append("\n    persistent: true");
            }
            if (w.size() != null) {
                b.append("\n    size: ").append(YamlText.yaml(w.size()));
            }
        }
        return b.toString();
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
