package dev.phpod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.phpod.support.HelmRunner;
import dev.phpod.support.Manifests;
import dev.phpod.support.Projects;
import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * The config every values combination renders, checked by the engines that will read it: the e2e
 * nginx image runs {@code nginx -t} on nginx.conf, the app image runs {@code php-fpm8.2 -t} on the
 * pool config and {@code php -l} on the probe script, each as uid 33 on a read-only root, as in the pod.
 */
class ConfigEnginesIT {
    @TempDir
    static Path work;

    static Stream<Arguments> combinations() throws IOException {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("defaults", List.of(), Map.of()));
        for (Path ci : Projects.ciValues()) {
            out.add(Arguments.of("ci/" + ci.getFileName(), List.of(ci), Map.of()));
        }
        out.add(Arguments.of("per-client limits", List.of(), Map.of("nginx.limits.connectionsPerClient", 10,
                "nginx.limits.requestsPerSecondPerClient", 5, "nginx.deniedExtensions[0]", "sql")));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void nginxAndPhpFpmAcceptTheRenderedConfig(String label, List<Path> values, Map<String, Object> set) throws IOException {
        E2e.Images images = E2e.images();
        Manifests m = Manifests.parse(HelmRunner.template(Projects.skeleton(), values, set));
        Path nginx = write(m.configMap("-nginx"), label + "-nginx");
        Path php = write(m.configMap("-php"), label + "-php");
        Podman.Result t = Podman.podman("run", "--rm", "--read-only", "--user", "33:33", "--tmpfs", "/tmp", "--tmpfs", "/run/phpod",
                "-v", nginx + ":/etc/phpod/nginx:ro", images.nginx(), "nginx", "-t", "-e", "stderr", "-c", "/etc/phpod/nginx/nginx.conf");
        assertEquals(0, t.exit(), label + ": nginx -t\n" + t.out() + t.err());
        assertTrue(t.err().contains("test is successful") && !t.err().contains("[warn]") && !t.err().contains("[alert]"),
                label + ": nginx -t warns\n" + t.err());
        // With the php-fpm container's environment: php-fpm.conf reads pm.max_children from it.
        List<String> run = new java.util.ArrayList<>(List.of("run", "--rm", "--read-only", "--user", "33:33", "--tmpfs", "/tmp", "--tmpfs", "/run/phpod",
                "-v", php + ":/etc/phpod/php:ro"));
        m.deployment().getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("php-fpm")).findFirst().orElseThrow()
                .getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> run.addAll(List.of("-e", e.getName() + "=" + e.getValue())));
        run.addAll(List.of(images.app(), "sh", "-c",
                "php-fpm8.2 -t --fpm-config /etc/phpod/php/php-fpm.conf && php -n -l /etc/phpod/php/fpm-probe.php"));
        Podman.Result f = Podman.podman(run.toArray(String[]::new));
        assertEquals(0, f.exit(), label + ": php-fpm -t / php -l\n" + f.out() + f.err());
        assertTrue((f.out() + f.err()).contains("test is successful") && f.out().contains("No syntax errors"), f.out() + f.err());
    }

    private static Path write(ConfigMap cm, String name) throws IOException {
        // The engines run as uid 33: the folders must be readable by others.
        work.toFile().setReadable(true, false);
        work.toFile().setExecutable(true, false);
        Path dir = Files.createDirectories(work.resolve(name.replaceAll("[^A-Za-z0-9-]", "_")));
        for (var e : cm.getData().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        for (var e : cm.getData().keySet()) {
            dir.resolve(e).toFile().setReadable(true, false);
        }
        return dir;
    }
}
