package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        // One folder per ConfigMap, every file of it: run.sh copies the folders whole, so a file the
        // chart adds (app-locations.conf did) reaches the bench without anyone listing it.
        for (String cm : List.of("nginx", "php")) {
            Path dir = Files.createDirectories(out.resolve(cm));
            for (Map.Entry<String, String> f : m.configMap("-" + cm).getData().entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
        }
        // php-fpm reads some settings from its container's environment (pm.max_children): the plain
        // values of the php-fpm container's env, for run.sh to start php-fpm with.
        StringBuilder env = new StringBuilder();
        for (var e : m.deployment().getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("php-fpm")).findFirst().orElseThrow().getEnv()) {
            if (e.getValue() != null && e.getName().startsWith("PHPOD_")) {
                env.append(e.getName()).append('=').append(e.getValue()).append('\n');
            }
        }
        Files.writeString(out.resolve("php-fpm.env"), env.toString());
        for (String f : List.of("nginx/nginx.conf", "nginx/fastcgi.params", "php/php-fpm.conf", "php/zz-phpod.ini", "php-fpm.env")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    /**
     * bench/serve/run.sh's set-up of phpod's side, run for real (BENCH_SETUP_ONLY: no packages, no
     * tmpfs, no load): every file nginx and php-fpm are pointed at exists in the work folder, and no
     * path of the pod is left. The bench stopped running once without anyone noticing (nginx.conf
     * gained an include the script did not copy); this fails first.
     */
    @Test
    void theServeBenchmarksSetUpPointsNginxAndPhpFpmAtFilesThatExist(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        writesTheRenderedConfigFilesForTheServeBenchmark();
        ProcessBuilder pb = new ProcessBuilder("bash", "bench/serve/run.sh").redirectErrorStream(true)
                .redirectOutput(work.resolve("setup.log").toFile());
        pb.environment().put("BENCH_SETUP_ONLY", work.resolve("b").toString());
        int rc = pb.start().waitFor();
        assertEquals(0, rc, () -> "bench/serve/run.sh set-up failed: " + read(work.resolve("setup.log")));
        Path conf = work.resolve("b/conf");
        List<Path> files;
        try (var s = Files.walk(conf)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 4, "the set-up wrote " + files);
        String env = read(work.resolve("b/php-fpm.env"));
        Matcher var = Pattern.compile("\\$\\{([A-Z_]+)\\}").matcher(read(conf.resolve("php/php-fpm.conf")));
        while (var.find()) {
            assertTrue(env.contains(var.group(1) + "="), "php-fpm.conf reads " + var.group() + ", which run.sh does not set:\n" + env);
        }
        Matcher m = Pattern.compile("(?m)^\\s*(?:include|pid|error_log|listen|root|fastcgi_pass|server)\\s*=?\\s*(?:unix:)?(/[^;\\s]+)").matcher("");
        for (Path f : files) {
            String text = read(f);
            for (String pod : List.of("/etc/phpod/", "/run/phpod/", "/var/www/html")) {
                assertFalse(text.contains(pod), f.getFileName() + " still names the pod's " + pod);
            }
            m.reset(text);
            while (m.find()) {
                String path = m.group(1);
                if (path.startsWith("/etc/nginx/")) {
                    continue; // Debian's nginx package brings mime.types
                }
                Path target = Path.of(path);
                // Sockets, pid and log files appear at run time: their folder must exist.
                Path must = m.group().contains("include") || m.group().contains("root") ? target : target.getParent();
                assertTrue(Files.exists(must), f.getFileName() + " points at " + path + ", which the set-up did not create");
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
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
        variants.put("image", Map.of("code.source", "image")); // no copy: the app image mounted into nginx (Kubernetes 1.33+)
        for (Map.Entry<String, Map<String, Object>> v : variants.entrySet()) {
            Map<String, Object> set = new java.util.HashMap<>(Map.of("tests.enabled", false, "code.docroot", ".",
                    "image.repository", "bench-app", "image.tag", "placeholder", "image.pullPolicy", "Never",
                    "nginx.image.repository", "bench-nginx", "nginx.image.tag", "placeholder", "nginx.image.pullPolicy", "Never",
                    "php.command[0]", "php-fpm8.2"));
            set.putAll(v.getValue());
            String yaml = HelmRunner.templateForKube("1.35.0", Projects.skeleton(), List.of(), set);
            Manifests.parse(yaml).assertSecure();
            Files.writeString(out.resolve("wordpress-" + v.getKey() + ".yaml"), yaml);
        }
    }
}
