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
        // The layout's values, replaced in the same pass as the placeholders.
        Map<String, String> layout = new LinkedHashMap<>();
        layout.put("ephemeral-storage: " + chart.nginxStorageLimit(), "ephemeral-storage: " + chart.nginxStorageLimitFor(ChartGenerator.writableMiB(project)));
        layout.put(ChartDefaults.denyCopies(chart.deniedExtensions()), ChartDefaults.denyCopies(extensions));
        Placeholders placeholders = Placeholders.of(project).with(layout);
        for (Map.Entry<String, String> f : Skeleton.kustomize().files().entrySet()) {
            out.add("kustomize/" + f.getKey(), placeholders.apply(f.getValue()));
        }
        layout(project, chart, extensions, out);
        for (Environment env : project.environments()) {
            out.add("kustomize/overlays/" + env.name() + "/kustomization.yaml", Templates.Kustomize.kustomization(project, env).render());
        }
    }

    /** A writable path nginx serves, at this URL path. */
    record Served(String name, String url, boolean frontController) {
    }

    /** The project's layout in the base: the writable volumes and the nginx locations, as the chart makes them. */
    private static void layout(Project project, ChartDefaults chart, List<String> extensions, FileSet out) {
        String docroot = project.docrootPath();
        List<WritablePath> writable = new ArrayList<>();
        List<Served> served = new ArrayList<>();
        List<String> mountPoints = new ArrayList<>();
        for (WritablePath w : project.layout().writablePaths()) {
            String path = w.absolute(project.codePath());
            writable.add(new WritablePath(w.name(), path, ChartDefaults.sizeLimit(w), w.seed(), w.urlPath(), w.frontController()));
            String below = path.startsWith(docroot + "/") ? path.substring(docroot.length()) : null;
            String url = w.url(project.codePath(), docroot);
            if (url != null) {
                served.add(new Served(w.name(), url, w.frontController()));
            }
            if (below != null) {
                mountPoints.add(below.substring(1)); // the copy (the docroot) holds the mount point
            }
        }
        List<WritablePath> seeded = writable.stream().filter(WritablePath::seed).toList();
        out.replace("kustomize/base/layout.yaml", Templates.KustomizeBase.layout(project, writable, seeded, List.of("php-fpm", "nginx"),
                String.join(" ", mountPoints), String.join(" ", seeded.stream().map(w -> w.name() + ":" + w.path()).toList()),
                String.join(" ", writable.stream().map(WritablePath::path).toList())).render());
        out.replace("kustomize/base/config/app-locations.conf", Templates.KustomizeConfig.appLocations(served, project.layout().deniedPaths(),
                ChartDefaults.denyCopies(extensions), chart.frontController()).render());
    }
}
