package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.phpod.support.HelmRunner;
import dev.phpod.support.KustomizeRunner;
import dev.phpod.support.Projects;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What phpod generates passes its own check: every preset, rendered by the real Helm library with
 * the values combinations the chart tests use (defaults and each environment for every preset; each
 * ci/ file alone and over prod's values for the generic one), and built by the real kustomize for
 * each overlay.
 */
@QuarkusTest
class CheckOwnOutputTest {
    static final List<String> PRESETS = dev.phpod.project.Preset.ids();
    private static final Map<String, Path> PROJECTS = new java.util.concurrent.ConcurrentHashMap<>();

    static Path project(String preset) {
        return PROJECTS.computeIfAbsent(preset, p -> {
            try {
                return Projects.write(Projects.preset(p, "shop", "dev", "staging", "prod"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static Stream<Arguments> helmCombinations() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String preset : PRESETS) {
            out.add(Arguments.of(preset, "defaults", List.of()));
            for (String env : List.of("dev", "staging", "prod")) {
                out.add(Arguments.of(preset, "values-" + env, List.of("helm/values-" + env + ".yaml")));
            }
            // The ci/ files are the skeleton's toggles, tuned for the generic layout (some exceed the
            // ephemeral storage the presets' writable paths leave, which the chart refuses by design).
            for (Path ci : preset.equals("generic") ? Projects.ciValues() : List.<Path>of()) {
                out.add(Arguments.of(preset, "ci/" + ci.getFileName(), List.of(ci.toString())));
                out.add(Arguments.of(preset, "values-prod + ci/" + ci.getFileName(), List.of("helm/values-prod.yaml", ci.toString())));
            }
        }
        return out.stream();
    }

    static List<Finding> check(String name, String yaml) {
        return check(name, yaml, 1);
    }

    /** The findings, once the app's pods ({@code appPods}: web, workers, schedules, release job) were checked and nothing else. */
    static List<Finding> check(String name, String yaml, int appPods) {
        ManifestReader reader = new ManifestReader();
        reader.readText(name, yaml);
        Inventory inventory = reader.inventory();
        Checks.Result result = Checks.run(inventory);
        assertEquals(appPods, result.checked(), () -> name + ": the app's pods checked, the helm test pod not");
        return result.findings();
    }

    /** The whole app (issue 22's descriptor): no finding in either path, each environment. */
    @org.junit.jupiter.api.Test
    void theWholeAppHasNoFinding() throws Exception {
        dev.phpod.project.Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", Projects.WHOLE_APP, "test");
        Path dir = Projects.write(p);
        for (String env : List.of("dev", "prod")) {
            String helm = HelmRunner.templateWithReleaseHook(dir.resolve("helm/shop"), List.of(dir.resolve("helm/values-" + env + ".yaml")), Map.of());
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
            for (String yaml : List.of(helm, k)) {
                // The web Deployment, the queue worker, the scheduler's CronJob and the release Job.
                List<Finding> findings = check(env, yaml, 4);
                assertTrue(findings.isEmpty(), () -> env + ":\n" + findings.stream().map(f -> f.rule().id + " " + f.where() + ": " + f.why())
                        .reduce("", (a, b) -> a + b + "\n"));
            }
        }
    }

    /**
     * Every preset with the whole app on (processes, a schedule, the release step, envFrom, its data
     * persistent, Ingress with TLS and an HTTPRoute): the chart lints strictly, both paths render
     * the same workloads, every pod meets Pod Security restricted, and check finds nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void everyPresetWithTheWholeAppOnHasNoFinding(String preset) throws Exception {
        dev.phpod.project.Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", Projects.wholeApp(preset), "test");
        Path dir = Projects.write(p);
        HelmRunner.lintStrict(dir.resolve("helm/shop"));
        for (String env : List.of("dev", "prod", "stage")) {
            String helm = HelmRunner.templateWithReleaseHook(dir.resolve("helm/shop"), List.of(dir.resolve("helm/values-" + env + ".yaml")), Map.of());
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
            dev.phpod.support.Parity.assertSameWorkload(helm, k, preset + " " + env);
            for (String yaml : List.of(helm, k)) {
                dev.phpod.support.Manifests built = dev.phpod.support.Manifests.parse(yaml);
                built.assertSecure();
                assertEquals(env.equals("stage") ? 1 : 0, built.all().stream().filter(o -> o.getKind().equals("HTTPRoute")).count(), env);
                List<Finding> findings = check(env, yaml, 4);
                assertTrue(findings.isEmpty(), () -> preset + " " + env + ":\n" + findings.stream().map(f -> f.rule().id + " " + f.where() + ": " + f.why())
                        .reduce("", (a, b) -> a + b + "\n"));
            }
        }
    }

    static Stream<String> presets() {
        return PRESETS.stream();
    }

    @ParameterizedTest(name = "helm {0} {1}")
    @MethodSource("helmCombinations")
    void theChartHasNoFinding(String preset, String label, List<String> values) {
        Path dir = project(preset);
        List<Path> files = values.stream().map(v -> v.startsWith("/") ? Path.of(v) : dir.resolve(v)).toList();
        String yaml = HelmRunner.template(dir.resolve("helm/shop"), files, Map.of());
        List<Finding> findings = check("helm template", yaml);
        assertTrue(findings.isEmpty(), () -> preset + " " + label + ":\n" + findings.stream().map(f -> f.rule().id + " " + f.where() + ": " + f.why())
                .reduce("", (a, b) -> a + b + "\n"));
    }

    static Stream<Arguments> overlays() {
        return PRESETS.stream().flatMap(p -> Stream.of("dev", "staging", "prod").map(e -> Arguments.of(p, e)));
    }

    @ParameterizedTest(name = "kustomize {0} {1}")
    @MethodSource("overlays")
    void everyOverlayHasNoFinding(String preset, String env) throws IOException, InterruptedException {
        Path overlay = project(preset).resolve("kustomize/overlays/" + env);
        assertTrue(Files.isDirectory(overlay), overlay.toString());
        String yaml = KustomizeRunner.build(overlay);
        List<Finding> findings = check("kustomize build", yaml);
        assertTrue(findings.isEmpty(), () -> preset + " " + env + ":\n" + findings.stream().map(f -> f.rule().id + " " + f.where() + ": " + f.why())
                .reduce("", (a, b) -> a + b + "\n"));
    }
}
