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

    public static String template(Path chart, Path... valuesFiles) {
        return template(chart, List.of(valuesFiles), Map.of());
    }
}
