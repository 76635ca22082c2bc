package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.phpod.support.HelmRunner;
import dev.phpod.support.Projects;
import dev.phpod.support.RequiredTool;

/**
 * What the chart tells its user, in its README, values.yaml and schema: the parameter tables are
 * the ones Bitnami's readme-generator makes (run for real), label and annotation values are text
 * as Kubernetes needs them, and nothing a user gets speaks of phpod's own benchmarks or tests.
 */
class ChartDocsTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/shop");

    @TempDir
    Path tmp;

    /** The tool run on a copy of a chart's README and values.yaml, as its README documents. */
    private String readmeGenerator(Path chart) throws Exception {
        Path tool = RequiredTool.find("readme-generator").orElse(null);
        if (tool == null) {
            RequiredTool.missing("readme-generator (Bitnami's readme-generator for Helm) is missing");
        }
        Path dir = Files.createDirectories(tmp.resolve(chart.getFileName().toString() + "-" + System.nanoTime()));
        Files.copy(chart.resolve("README.md"), dir.resolve("README.md"));
        Files.copy(chart.resolve("values.yaml"), dir.resolve("values.yaml"));
        Process p = new ProcessBuilder(tool.toString(), "-v", "values.yaml", "-r", "README.md").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "readme-generator took more than 2 minutes");
        assertEquals(0, p.exitValue(), "readme-generator refused the chart's values.yaml:\n" + said);
        return Files.readString(dir.resolve("README.md"));
    }

    @Test
    void readmeGeneratorLeavesTheSkeletonsReadmeAsItIs() throws Exception {
        assertEquals(Files.readString(Projects.skeleton().resolve("README.md")), readmeGenerator(Projects.skeleton()));
    }

    @Test
    void readmeGeneratorLeavesAGeneratedChartsReadmeAsItIs() throws Exception {
        Path chart = GOLDEN.resolve("helm/shop");
        assertEquals(Files.readString(chart.resolve("README.md")), readmeGenerator(chart));
    }

    @ParameterizedTest
    @ValueSource(strings = { "podAnnotations", "podLabels", "nodeSelector", "service.annotations", "ingress.annotations",
            "serviceAccount.annotations" })
    void labelAndAnnotationValuesMustBeText(String key) throws IOException {
        StringBuilder yaml = new StringBuilder();
        String[] parts = key.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            yaml.append("  ".repeat(i)).append(parts[i]).append(":\n");
        }
        yaml.append("  ".repeat(parts.length)).append("prometheus.io/scrape: true\n");
        Path values = Files.writeString(tmp.resolve(key + ".yaml"), yaml);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> HelmRunner.template(Projects.skeleton(), List.of(values), Map.of()));
        assertTrue(e.getMessage().contains("/" + key.replace('.', '/') + "/prometheus.io~1scrape") && e.getMessage().contains("string"),
                "the path and the wanted type are named: " + e.getMessage());
        Path quoted = Files.writeString(tmp.resolve(key + "-quoted.yaml"), yaml.toString().replace(": true", ": \"true\""));
        Map<String, Object> on = key.startsWith("ingress.") ? Map.of("ingress.enabled", true) : Map.of();
        assertTrue(HelmRunner.template(Projects.skeleton(), List.of(quoted), on).contains("prometheus.io/scrape: \"true\""), "quoted, it renders");
    }

    private static final Pattern INTERNAL = Pattern.compile("(?i)bench/|RESULTS\\.md|podman|\\be2e\\b|harness|test suite|phpod's tests");

    @Test
    void generatedFilesSpeakToTheUser() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(GOLDEN)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (INTERNAL.matcher(lines.get(i)).find()) {
                        found.add(GOLDEN.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "generated files speak of phpod's own benchmarks or tests");
    }
}
