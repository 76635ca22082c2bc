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
}
