package dev.phpod.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.phpod.project.Environment;
import dev.phpod.project.Project;
import dev.phpod.project.WritablePath;

/**
 * Makes {@code kustomize/}: the base and the optional components from the kustomize skeleton (which
 * is derived from the chart's defaults), with the project's name, image and paths put in; and one
 * overlay per environment from a Qute template.
 */
public final class KustomizeGenerator {
    private KustomizeGenerator() {
    }

    public static void generate(Project project, FileSet out) {
        ChartDefaults chart = ChartDefaults.load();
        List<String> extensions = ChartGenerator.deniedExtensions(project, chart.deniedExtensions());
        Layout layout = layout(project);
        // The layout's values, replaced in the same pass as the placeholders.
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ephemeral-storage: " + chart.nginxStorageLimit(), "ephemeral-storage: " + chart.nginxStorageLimitFor(ChartGenerator.writableMiB(project)));
        values.put(ChartDefaults.denyCopies(chart.deniedExtensions()), ChartDefaults.denyCopies(extensions));
        values.put(env("PHPOD_MOUNT_POINTS", ""), env("PHPOD_MOUNT_POINTS", layout.mountPoints()));
        values.put(env("PHPOD_SEEDS", ""), env("PHPOD_SEEDS", layout.seeds()));
        values.put(env("PHPOD_WRITABLE_PATHS", ""), env("PHPOD_WRITABLE_PATHS", layout.paths()));
        Placeholders placeholders = Placeholders.of(project).with(values);
        for (Map.Entry<String, String> f : Skeleton.kustomize().files().entrySet()) {
            String text = placeholders.apply(f.getValue());
            if (f.getKey().equals(DEPLOYMENT)) {
                text = withVolumes(text, layout);
            }
            out.add("kustomize/" + f.getKey(), text);
        }
        out.replace("kustomize/base/config/app-locations.conf", Templates.KustomizeConfig.appLocations(layout.served(),
                project.layout().deniedPaths(), ChartDefaults.denyCopies(extensions), chart.frontController()).render());
        for (Environment env : project.environments()) {
            out.add("kustomize/overlays/" + env.name() + "/kustomization.yaml", Templates.Kustomize.kustomization(project, env).render());
        }
    }

    private static final String DEPLOYMENT = "base/deployment.yaml";

    /** A writable path nginx serves, at this URL path. */
    record Served(String name, String url, boolean frontController) {
    }

    /** The project's layout as the base needs it: the writable volumes, the copy step's variables, the nginx locations. */
    record Layout(List<WritablePath> writable, List<Served> served, String mountPoints, String seeds, String paths) {
    }

    private static Layout layout(Project project) {
        String docroot = project.docrootPath();
        List<WritablePath> writable = new ArrayList<>();
        List<Served> served = new ArrayList<>();
        List<String> mountPoints = new ArrayList<>();
        for (WritablePath w : project.layout().writablePaths()) {
            String path = w.absolute(project.codePath());
            writable.add(new WritablePath(w.name(), path, ChartDefaults.sizeLimit(w), w.seed(), w.urlPath(), w.frontController(), w.persistent()));
            String below = path.startsWith(docroot + "/") ? path.substring(docroot.length()) : null;
            String url = w.url(project.codePath(), docroot);
            if (url != null && !project.layout().deniedPaths().contains(url)) {
                served.add(new Served(w.name(), url, w.frontController()));
            }
            if (below != null) {
                mountPoints.add(below.substring(1)); // the copy (the docroot) holds the mount point
            }
        }
        List<WritablePath> seeded = writable.stream().filter(WritablePath::seed).toList();
        return new Layout(writable, served, String.join(" ", mountPoints), String.join(" ", seeded.stream().map(w -> w.name() + ":" + w.path()).toList()),
                String.join(" ", writable.stream().map(WritablePath::path).toList()));
    }

    /** One of the copy step's variables in the base Deployment, as the chart renders it. */
    private static String env(String name, String value) {
        return "- name: " + name + "\n              value: " + YamlText.yaml(value);
    }

    /**
     * The base Deployment with the writable volumes in it, where the chart puts them: each mounted at
     * its path after php-fpm's and nginx's other mounts, the seeded ones also in the copy step, the
     * volumes after the pod's others. In the Deployment itself rather than a patch, so that edits of
     * the base (a variable, a mount, a container) never break the build.
     */
    static String withVolumes(String deployment, Layout layout) {
        List<String> lines = new ArrayList<>(List.of(deployment.split("\n", -1)));
        List<String> seedMounts = new ArrayList<>();
        List<String> mounts = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        for (WritablePath w : layout.writable()) {
            if (w.seed()) {
                seedMounts.add("- name: writable-" + w.name());
                seedMounts.add("  mountPath: /phpod-seed/" + w.name());
            }
            mounts.add("- name: writable-" + w.name());
            mounts.add("  mountPath: " + w.path());
            volumes.add("- name: writable-" + w.name());
            volumes.add("  emptyDir:");
            volumes.add("    sizeLimit: " + w.sizeLimit());
        }
        appendToList(lines, "copy-code", "volumeMounts:", seedMounts);
        appendToList(lines, "php-fpm", "volumeMounts:", mounts);
        appendToList(lines, "nginx", "volumeMounts:", mounts);
        appendToList(lines, null, "volumes:", volumes);
        return String.join("\n", lines);
    }

    /**
     * Appends items to a block list of the Deployment: {@code key} of the container named
     * {@code container}, or of the pod spec when null. The Deployment is phpod's own skeleton, so a
     * key that is not there is a bug, not input.
     */
    private static void appendToList(List<String> lines, String container, String key, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        int from = 0;
        int fieldIndent = 6; // the pod spec's fields
        if (container != null) {
            from = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().equals("- name: " + container)) {
                    from = i + 1;
                    fieldIndent = indent(lines.get(i)) + 2;
                    break;
                }
            }
        }
        int keyLine = -1;
        for (int i = Math.max(from, 0); from >= 0 && i < lines.size(); i++) {
            String l = lines.get(i);
            if (container != null && !l.isBlank() && indent(l) < fieldIndent) {
                break; // past the container
            }
            if (indent(l) == fieldIndent && l.strip().equals(key)) {
                keyLine = i;
                break;
            }
        }
        if (keyLine < 0) {
            throw new IllegalStateException("kustomize skeleton: no " + key + " for " + (container == null ? "the pod" : container));
        }
        int end = keyLine + 1;
        int itemIndent = indent(lines.get(end));
        while (end < lines.size() && !lines.get(end).isBlank() && indent(lines.get(end)) >= itemIndent) {
            end++;
        }
        List<String> indented = items.stream().map(x -> " ".repeat(itemIndent) + x).toList();
        lines.addAll(end, indented);
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}
