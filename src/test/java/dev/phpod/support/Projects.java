package dev.phpod.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.phpod.project.Project;
import dev.phpod.project.ProjectValidator;

/** Generates projects for tests (needs a running Quarkus app for the Qute templates). */
public final class Projects {
    private Projects() {
    }

    /**
     * The whole app as issue 22 writes it in phpod.yaml: data, a worker, a scheduler, a release
     * step, envFrom, and a prod with a host, TLS and a storage class.
     */
    public static final String WHOLE_APP = """
            phpod: "0.1.0"
            name: shop
            image: registry.example.com/shop:1.4.2
            preset: laravel
            writablePaths:
              - {name: uploads, path: public/uploads, persistent: true}   # data: a PVC per environment
            processes:                                  # long-running, a Deployment each, app image, no nginx
              - {name: queue, command: [php, artisan, queue:work, --tries=3, --max-time=3600], replicas: 1}
            schedules:                                  # a CronJob each
              - {name: scheduler, schedule: "* * * * *", command: [php, artisan, schedule:run]}
            release:                                    # once per release, before new pods take traffic
              command: [php, artisan, migrate, --force]
            envFrom:
              - {secret: shop-env}
              - {configMap: shop-config}
            environments:
              - {name: dev, replicas: 1}
              - {name: prod, namespace: shop-prod, host: shop.example.com, tls: shop-tls, storageClass: nfs, monitoring: true, autoscaling: busyWorkers}
            """;

    /**
     * The whole app on a preset's own layout (its writable paths, the data among them persistent):
     * the processes, schedule, release step and configuration, an environment with a host
     * and TLS, and one whose route is an HTTPRoute on a shared gateway.
     */
    public static String wholeApp(String preset) {
        return WHOLE_APP.replace("preset: laravel\n", "preset: " + preset + "\n")
                .replaceAll("writablePaths:\n  - \\{name: uploads[^\n]*\n", "")
                + "  - {name: stage, namespace: shop-stage, replicas: 2, host: stage.shop.example.com, gateway: {name: shared, namespace: gateways}}\n";
    }

    /** A source tree of files under root: path, text, path, text ... (root made even when empty). */
    public static Path tree(Path root, String... files) throws IOException {
        Files.createDirectories(root);
        for (int i = 0; i < files.length; i += 2) {
            Path f = root.resolve(files[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, files[i + 1]);
        }
        return root;
    }

    public static Project project(String name, String image, String docroot, String... envs) {
        List<ProjectValidator.EnvInput> in = new ArrayList<>();
        for (String e : envs) {
            in.add(ProjectValidator.EnvInput.named("--env", e));
        }
        return ProjectValidator.validate("test", new ProjectValidator.Input(name, image, null, docroot, in),
                ProjectValidator.Fields.FLAGS);
    }

    /** A project of one framework preset (its docroot and layout), with these environments. */
    public static Project preset(String preset, String name, String... envs) {
        List<ProjectValidator.EnvInput> in = new ArrayList<>();
        for (String e : envs) {
            in.add(ProjectValidator.EnvInput.named("--env", e));
        }
        return ProjectValidator.validate("test", new ProjectValidator.Input(name, "registry.example.com/" + name + ":1.0", null, null,
                preset, ProjectValidator.LayoutInput.PRESET, in), ProjectValidator.Fields.FLAGS);
    }

    /** Writes the generated project into a fresh folder and returns it. */
    public static Path write(Project project) throws IOException {
        Path dir = Files.createTempDirectory("phpod-test-");
        dev.phpod.generate.Generation.run(project, null, dir, false, false, "test", dev.phpod.generate.Regenerator.Mode.INIT);
        return dir;
    }

    /** The chart skeleton of this checkout. */
    public static Path skeleton() {
        return Path.of("chart-skeleton").toAbsolutePath();
    }

    public static List<Path> ciValues() throws IOException {
        try (var s = Files.list(skeleton().resolve("ci"))) {
            return s.filter(p -> p.toString().endsWith("-values.yaml")).sorted().toList();
        }
    }
}
