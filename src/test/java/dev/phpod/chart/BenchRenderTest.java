package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.phpod.support.HelmRunner;
import dev.phpod.support.Manifests;
import dev.phpod.support.Projects;

/**
 * Renders the chart's default config through real Helm into target/bench/, for bench/serve/run.sh,
 * which runs nginx and php-fpm with exactly these files.
 */
class BenchRenderTest {
    @Test
    void writesTheRenderedConfigFilesForTheServeBenchmark() throws IOException {
        Manifests m = Manifests.parse(HelmRunner.template(Projects.skeleton(), List.of(), Map.of("tests.enabled", false)));
        Path out = Files.createDirectories(Path.of("target/bench"));
        for (String cm : List.of("-nginx", "-php")) {
            for (Map.Entry<String, String> f : m.configMap(cm).getData().entrySet()) {
                Files.writeString(out.resolve(f.getKey()), f.getValue());
            }
        }
        for (String f : List.of("nginx.conf", "fastcgi.params", "php-fpm.conf", "zz-phpod.ini")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    /**
     * The WordPress pod of bench/copy/pod-ready.sh in each copy setting the chart offers, with image
     * placeholders the script replaces by the images it builds.
     */
    @Test
    void writesTheWordpressPodVariantsForThePodReadyBenchmark() throws IOException {
        Path out = Files.createDirectories(Path.of("target/bench"));
        Map<String, Map<String, Object>> variants = new java.util.LinkedHashMap<>();
        variants.put("default", Map.of());
        variants.put("cp", Map.of("copy.method", "cp"));
        variants.put("memory", Map.of("code.medium", "Memory"));
        variants.put("full", Map.of("code.scope", "full"));
        variants.put("sample", Map.of("code.docroot", "public")); // the baseline: the e2e sample app's few files
        for (Map.Entry<String, Map<String, Object>> v : variants.entrySet()) {
            Map<String, Object> set = new java.util.HashMap<>(Map.of("tests.enabled", false, "code.docroot", ".",
                    "image.repository", "bench-app", "image.tag", "placeholder", "image.pullPolicy", "Never",
                    "nginx.image.repository", "bench-nginx", "nginx.image.tag", "placeholder", "nginx.image.pullPolicy", "Never",
                    "php.command[0]", "php-fpm8.2"));
            set.putAll(v.getValue());
            String yaml = HelmRunner.template(Projects.skeleton(), List.of(), set);
            Manifests.parse(yaml).assertSecure();
            Files.writeString(out.resolve("wordpress-" + v.getKey() + ".yaml"), yaml);
        }
    }
}
