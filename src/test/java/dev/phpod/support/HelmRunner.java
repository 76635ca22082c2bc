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

    public static String template(Path chart, List<Path> valuesFiles, Map<String, Object> set) {
        // The documented release: helm upgrade --install <name> helm/<name>, so the release is the chart folder name.
        TemplateCommand t = new Helm(chart).template().withName(chart.getFileName().toString()).withNamespace("shop-test").withKubeVersion("1.31.0");
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
        Path copy = java.nio.file.Files.createTempDirectory("phpod-hooks-").resolve(chart.getFileName());
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
        Path job = copy.resolve("templates/release-job.yaml");
        java.nio.file.Files.writeString(job, java.nio.file.Files.readString(job).replaceAll("(?m)^\\s*helm\\.sh/hook[a-z-]*:.*\\n", ""));
        return template(copy, valuesFiles, set);
    }

    public static String template(Path chart, Path... valuesFiles) {
        return template(chart, List.of(valuesFiles), Map.of());
    }
}
