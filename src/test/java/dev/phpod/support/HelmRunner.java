package dev.phpod.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** The real Helm library (helm-java embeds Helm's Go code): lint --strict and template. */
public final class HelmRunner {
    private HelmRunner() {
    }

    public static void lintStrict(Path chart) {
        LintResult r = new Helm(chart).lint().strict().call();
        assertFalse(r.isFailed(), () -> "helm lint --strict " + chart + " failed:\n" + String.join("\n", r.getMessages()));
    }

    /**
     * helm template as the helm CLI runs it (and Argo CD, which renders with it): nothing asks the
     * cluster. helm-java's template does ask it in lookup (it runs Helm's install with the dry-run
     * option "none", where the CLI's template says "true"), so with no cluster it fails and with one
     * it reads it; the chart is therefore rendered from a copy whose lookup calls give what the CLI's
     * give, an empty map. ReleaseClaimsLookupTest renders the real calls against a mock API server.
     */
    public static String template(Path chart, List<Path> valuesFiles, Map<String, Object> set) {
        try {
            return render(copy(chart, "templates/_helpers.tpl", HelmRunner::noLookups), valuesFiles, set);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A template's lookup calls (apiVersion, kind, namespace, name) as the helm CLI's template sees them: an empty map. */
    static String noLookups(String template) {
        return template.replaceAll("\\blookup\\s+\"[^\"]*\"\\s+\"[^\"]*\"\\s+[$.\\w]+\\s+[$.\\w]+", "dict");
    }

    /** As {@link #template(Path, List, Map)}, for a cluster of that Kubernetes version (the others render for 1.31). */
    public static String templateForKube(String kubeVersion, Path chart, List<Path> valuesFiles, Map<String, Object> set) {
        try {
            return render(copy(chart, "templates/_helpers.tpl", HelmRunner::noLookups), valuesFiles, set, kubeVersion);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String render(Path chart, List<Path> valuesFiles, Map<String, Object> set) {
        return render(chart, valuesFiles, set, "1.31.0");
    }

    private static String render(Path chart, List<Path> valuesFiles, Map<String, Object> set, String kubeVersion) {
        // The documented release: helm upgrade --install <name> helm/<name>, so the release is the chart folder name.
        TemplateCommand t = new Helm(chart).template().withName(chart.getFileName().toString()).withNamespace("shop-test").withKubeVersion(kubeVersion);
        for (Path v : valuesFiles) {
            t = t.withValuesFile(v);
        }
        for (Map.Entry<String, Object> e : set.entrySet()) {
            t = t.set(e.getKey(), e.getValue());
        }
        return t.call();
    }

    /**
     * helm template as a release runs it, hooks included: helm-java's template leaves hook objects
     * out (the helm CLI prints them), so the release step's Job is rendered from a copy of the chart
     * whose release-job.yaml has its hook annotations taken off; the tests check those in the file.
     */
    public static String templateWithReleaseHook(Path chart, List<Path> valuesFiles, Map<String, Object> set) throws java.io.IOException {
        return templateWithReleaseHook("1.31.0", chart, valuesFiles, set);
    }

    /** As {@link #templateWithReleaseHook(Path, List, Map)}, for a cluster of that Kubernetes version. */
    public static String templateWithReleaseHook(String kubeVersion, Path chart, List<Path> valuesFiles, Map<String, Object> set)
            throws java.io.IOException {
        return templateForKube(kubeVersion, copy(chart, "templates/release-job.yaml", t -> t.replaceAll("(?m)^\\s*helm\\.sh/hook[a-z-]*:.*\\n", "")),
                valuesFiles, set);
    }

    /** A copy of the chart (in a folder of its name) with one of its files changed. */
    private static Path copy(Path chart, String file, java.util.function.UnaryOperator<String> change) throws java.io.IOException {
        Path copy = java.nio.file.Files.createTempDirectory("phpod-chart-").resolve(chart.getFileName());
        try (var files = java.nio.file.Files.walk(chart)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(chart.relativize(f).toString());
                if (java.nio.file.Files.isDirectory(f)) {
                    java.nio.file.Files.createDirectories(to);
                } else {
                    java.nio.file.Files.copy(f, to);
                }
            }
        }
        Path changed = copy.resolve(file);
        java.nio.file.Files.writeString(changed, change.apply(java.nio.file.Files.readString(changed)));
        return copy;
    }

    public static String template(Path chart, Path... valuesFiles) {
        return template(chart, List.of(valuesFiles), Map.of());
    }
}
