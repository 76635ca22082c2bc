package dev.phpod.kustomize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.phpod.project.Project;
import dev.phpod.support.HelmRunner;
import dev.phpod.support.KustomizeRunner;
import dev.phpod.support.Manifests;
import dev.phpod.support.Parity;
import dev.phpod.support.Projects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.junit.QuarkusTest;

/** Every overlay built by the real kustomize: valid, secure, silent, and the same pod as Helm's. */
@QuarkusTest
class KustomizeParityTest {

    private static Path shop;
    private static Path other;

    /** The bundled example's shape, and a project with other environments, paths and a digest. */
    static synchronized Path project(String which) throws IOException {
        if (shop == null) {
            shop = Projects.write(Projects.project("shop", "registry.example.com/shop:1.4.2", null, "dev", "staging", "prod"));
            Project p = Projects.project("blog", "localhost:5000/team/blog:2.0@sha256:" + "b".repeat(64), ".", "qa", "preprod", "live");
            other = Projects.write(p.withPaths("/srv/app", "."));
        }
        return which.equals("shop") ? shop : other;
    }

    static Stream<Arguments> environments() {
        List<Arguments> out = new ArrayList<>();
        for (String env : List.of("dev", "staging", "prod")) {
            out.add(Arguments.of("shop", "shop", env));
        }
        for (String env : List.of("qa", "preprod", "live")) {
            out.add(Arguments.of("other", "blog", env));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("environments")
    void overlayBuildsCleanlyAndMatchesHelm(String which, String name, String env) throws Exception {
        Path dir = project(which);
        String kustomize = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
        Manifests m = Manifests.parse(kustomize);
        m.assertSecure();
        Manifests.assertNoUnrendered(kustomize, "kustomize build overlays/" + env);
        for (HasMetadata o : m.all()) {
            assertEquals(name + "-" + env, o.getMetadata().getNamespace(), o.getKind() + " namespace");
        }
        assertTrue(m.ofKind(ConfigMap.class).stream().allMatch(c -> c.getMetadata().getName().matches(name + "-(nginx|php)-[a-z0-9]{10}")),
                "configMapGenerator names carry a content hash");
        String helm = HelmRunner.template(dir.resolve("helm/" + name), dir.resolve("helm/values-" + env + ".yaml"));
        Parity.assertSameWorkload(helm, kustomize, which + " " + env);
    }

    /**
     * Each framework preset, and a hand-written layout with every kind of entry (a path outside the
     * docroot served at a urlPath, one made on demand, an absolute one, a size limit, denied paths and
     * extensions): the chart's values and the Kustomize base's layout patch and nginx locations that
     * phpod writes from phpod.yaml describe the same pod.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = { "generic", "laravel", "symfony", "drupal", "wordpress", "magento", "cakephp", "yii2", "craft",
            "laminas", "slim", "hand-written" })
    void everyLayoutReachesBothPathsAlike(String preset) throws Exception {
        Project p;
        if (preset.equals("hand-written")) {
            String descriptor = """
                    phpod: "0.1.0"
                    name: wiki
                    image: wiki:1.0
                    docroot: .
                    writablePaths:
                      - {name: data, path: data, seed: true, sizeLimit: 1Gi}
                      - {name: media, path: lib/media, frontController: true}
                      - {name: shared, path: /srv/shared, urlPath: /shared}
                    deniedPaths: [/conf, /inc, /bin, /data]
                    deniedExtensions: [sql, log]
                    environments: [dev, prod]
                    """;
            p = dev.phpod.project.Descriptor.parse("phpod.yaml", descriptor, "test");
        } else {
            p = Projects.preset(preset, preset, "dev", "prod");
        }
        Path dir = Projects.write(p);
        HelmRunner.lintStrict(dir.resolve("helm/" + p.name()));
        for (String env : List.of("dev", "prod")) {
            String helm = HelmRunner.template(dir.resolve("helm/" + p.name()), dir.resolve("helm/values-" + env + ".yaml"));
            Manifests.parse(helm).assertSecure();
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
            Manifests.parse(k).assertSecure();
            Parity.assertSameWorkload(helm, k, preset + " " + env);
        }
        String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/dev"));
        for (var w : p.layout().writablePaths()) {
            assertTrue(k.contains("mountPath: " + w.absolute(p.codePath())), "writable path " + w.name() + " is mounted:\n" + k);
        }
        for (String d : p.layout().deniedPaths()) {
            assertTrue(k.contains("location ^~ " + d + "/ {"), d);
        }
        if (preset.equals("hand-written")) {
            // data is written (mounted above) and, at a denied URL, never served.
            assertFalse(k.contains("Writable path data:"), k);
            // 1,536 Mi of writable emptyDirs: nginx's limit is raised to exactly what the chart's storage check asks.
            assertTrue(k.contains("ephemeral-storage: 2145Mi"), k);
            assertTrue(Files.readString(dir.resolve("helm/wiki/values.yaml")).contains("      ephemeral-storage: 2145Mi  # phpod: raised"));
        }
    }

    /**
     * Data, configuration and routes as issue 22 writes them in phpod.yaml, rendered for each
     * environment through both paths: the claim (ReadWriteMany and the storage class where several
     * pods run, ReadWriteOnce and the pod replaced where one does, the user's own claim where the
     * environment names one) mounted in both containers, envFrom in php-fpm, the Ingress with TLS.
     */
    @Test
    void dataConfigAndRoutesReachBothPathsAlike() throws Exception {
        String descriptor = """
                phpod: "0.1.0"
                name: shop
                image: registry.example.com/shop:1.4.2
                preset: laravel
                writablePaths:
                  - {name: uploads, path: public/uploads, persistent: true}
                  - {name: media, path: storage/app/media, persistent: true, size: 20Gi}
                  - {name: storage, path: storage}
                envFrom:
                  - {secret: shop-env}
                  - {configMap: shop-config}
                environments:
                  - {name: dev, replicas: 1}
                  - {name: staging, replicas: 2, host: staging.shop.example.com, existingClaims: {uploads: staging-uploads}}
                  - {name: prod, namespace: shop-prod, host: shop.example.com, tls: shop-tls, storageClass: nfs}
                """;
        Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", descriptor, "test");
        Path dir = Projects.write(p);
        HelmRunner.lintStrict(dir.resolve("helm/shop"));
        Map<String, Manifests> built = new java.util.HashMap<>();
        for (String env : List.of("dev", "staging", "prod")) {
            String helm = HelmRunner.template(dir.resolve("helm/shop"), dir.resolve("helm/values-" + env + ".yaml"));
            Manifests.parse(helm).assertSecure();
            Manifests.assertNoUnrendered(helm, "helm " + env);
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
            Manifests m = Manifests.parse(k);
            m.assertSecure();
            Parity.assertSameWorkload(helm, k, "issue 22 " + env);
            built.put(env, m);
            var pod = m.deployment().getSpec().getTemplate().getSpec();
            var php = pod.getContainers().get(0);
            assertEquals("php-fpm", php.getName());
            assertEquals(List.of("shop-env", "shop-config"), php.getEnvFrom().stream()
                    .map(e -> e.getSecretRef() != null ? e.getSecretRef().getName() : e.getConfigMapRef().getName()).toList(), env);
            for (var c : pod.getContainers()) {
                assertTrue(c.getVolumeMounts().stream().anyMatch(v -> v.getName().equals("writable-uploads")
                        && v.getMountPath().equals("/var/www/html/public/uploads")), c.getName() + " mounts the uploads in " + env);
            }
            Map<String, String> claims = new java.util.TreeMap<>();
            pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                    .forEach(v -> claims.put(v.getName(), v.getPersistentVolumeClaim().getClaimName()));
            assertEquals(Map.of("writable-uploads", env.equals("staging") ? "staging-uploads" : "shop-uploads", "writable-media", "shop-media"), claims, env);
            assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals("writable-storage") && v.getEmptyDir() != null), "scratch stays an emptyDir");
        }
        // dev: one pod, ReadWriteOnce, replaced rather than surged; the cluster's default class.
        var devClaims = built.get("dev").ofKind(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class);
        assertEquals(List.of("shop-media", "shop-uploads"), devClaims.stream().map(c -> c.getMetadata().getName()).sorted().toList());
        devClaims.forEach(c -> {
            assertEquals(List.of("ReadWriteOnce"), c.getSpec().getAccessModes());
            assertEquals(null, c.getSpec().getStorageClassName());
        });
        assertEquals("Recreate", built.get("dev").deployment().getSpec().getStrategy().getType());
        assertEquals("20Gi", devClaims.stream().filter(c -> c.getMetadata().getName().equals("shop-media")).findFirst().orElseThrow()
                .getSpec().getResources().getRequests().get("storage").toString());
        // staging: two pods, the user's claim for uploads (phpod's own is not made), its own media claim shared.
        var stagingClaims = built.get("staging").ofKind(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class);
        assertEquals(List.of("shop-media"), stagingClaims.stream().map(c -> c.getMetadata().getName()).toList());
        assertEquals(List.of("ReadWriteMany"), stagingClaims.get(0).getSpec().getAccessModes());
        assertEquals("RollingUpdate", built.get("staging").deployment().getSpec().getStrategy().getType());
        var stagingIngress = built.get("staging").one(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);
        assertEquals("staging.shop.example.com", stagingIngress.getSpec().getRules().get(0).getHost());
        assertTrue(stagingIngress.getSpec().getTls() == null || stagingIngress.getSpec().getTls().isEmpty());
        // prod: autoscaled, ReadWriteMany on the storage class, the host with its certificate.
        for (var c : built.get("prod").ofKind(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class)) {
            assertEquals(List.of("ReadWriteMany"), c.getSpec().getAccessModes());
            assertEquals("nfs", c.getSpec().getStorageClassName());
        }
        var ingress = built.get("prod").one(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);
        assertEquals("shop.example.com", ingress.getSpec().getRules().get(0).getHost());
        assertEquals("shop-tls", ingress.getSpec().getTls().get(0).getSecretName());
        assertEquals(List.of("shop.example.com"), ingress.getSpec().getTls().get(0).getHosts());
        // dev has no host: no Ingress.
        assertTrue(built.get("dev").ofKind(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class).isEmpty());
        // The chart keeps its claims at helm uninstall.
        String helmProd = HelmRunner.template(dir.resolve("helm/shop"), dir.resolve("helm/values-prod.yaml"));
        assertTrue(helmProd.contains("helm.sh/resource-policy: keep"), helmProd);
        // And refuses a ReadWriteOnce claim under several pods.
        var e = assertThrows(Exception.class, () -> HelmRunner.template(dir.resolve("helm/shop"), List.of(dir.resolve("helm/values-prod.yaml")),
                Map.of("persistence.accessMode", "ReadWriteOnce")));
        assertTrue(e.getMessage().contains("persistence.accessMode ReadWriteOnce: more than one web pod mounts the claims"), e.getMessage());
    }

    /**
     * A one-node cluster without ReadWriteMany storage: accessMode ReadWriteOnce keeps the dev
     * claims ReadWriteOnce beside the worker and the scheduler, the web pod replaced on a rollout,
     * alike in both paths; phpod's own choice (ReadWriteMany) stays where it is not set, and the
     * descriptor writes it back.
     */
    @Test
    void aOneNodeClusterKeepsReadWriteOnceBesideTheCommands() throws Exception {
        String descriptor = Projects.WHOLE_APP.replace("  - {name: dev, replicas: 1}\n", "  - {name: dev, replicas: 1, accessMode: ReadWriteOnce}\n");
        Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", descriptor, "test");
        Path dir = Projects.write(p);
        for (String env : List.of("dev", "prod")) {
            for (Manifests built : bothPaths(dir, "shop", env, "accessMode")) {
                var claim = built.one(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class);
                assertEquals(List.of(env.equals("dev") ? "ReadWriteOnce" : "ReadWriteMany"), claim.getSpec().getAccessModes(), env);
                assertEquals(env.equals("dev") ? "Recreate" : "RollingUpdate", built.deployment().getSpec().getStrategy().getType(), env);
            }
        }
        assertTrue(Files.readString(dir.resolve("phpod.yaml")).contains("    accessMode: ReadWriteOnce\n"), "written back as read");
    }

    /** The environment through Helm (with the release hook) and Kustomize, the same workload on both, both parsed. */
    private static List<Manifests> bothPaths(Path dir, String chart, String env, String label) throws Exception {
        String helm = HelmRunner.templateWithReleaseHook(dir.resolve("helm/" + chart), List.of(dir.resolve("helm/values-" + env + ".yaml")), Map.of());
        String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
        Parity.assertSameWorkload(helm, k, label + " " + env);
        return List.of(Manifests.parse(helm), Manifests.parse(k));
    }

    /**
     * An environment's size carries php-fpm's pool (small: 2 workers in 512Mi), and what follows the
     * pool follows it on both paths: the container's PHPOD_FPM_MAX_CHILDREN, php-fpm's /tmp (one
     * upload per worker) and the busy-worker autoscaler's target (0.7 x 2).
     */
    @Test
    void anEnvironmentsPoolFollowsItsSizeOnBothPaths() throws Exception {
        Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", String.join("\n",
                "phpod: \"0.1.0\"",
                "name: pool",
                "image: registry.example.com/pool:1.0.0",
                "environments:",
                "  - {name: dev, size: small, autoscaling: busyWorkers}",
                "  - {name: prod, size: large}",
                ""), "test");
        Path dir = Projects.write(p);
        for (String env : List.of("dev", "prod")) {
            for (Manifests built : bothPaths(dir, "pool", env, "pool")) {
                var spec = built.deployment().getSpec().getTemplate().getSpec();
                var fpm = spec.getContainers().stream().filter(c -> c.getName().equals("php-fpm")).findFirst().orElseThrow();
                assertEquals(env.equals("dev") ? "2" : "6", fpm.getEnv().stream().filter(e -> e.getName().equals("PHPOD_FPM_MAX_CHILDREN"))
                        .findFirst().orElseThrow().getValue(), env);
                assertEquals(env.equals("dev") ? "512Mi" : "1Gi", fpm.getResources().getLimits().get("memory").toString(), env);
                assertEquals(env.equals("dev") ? "96Mi" : "160Mi", spec.getVolumes().stream().filter(v -> v.getName().equals("php-tmp"))
                        .findFirst().orElseThrow().getEmptyDir().getSizeLimit().toString(), env);
                var metrics = built.ofKind(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class).stream()
                        .flatMap(a -> a.getSpec().getMetrics().stream()).map(x -> x.getPods() == null ? x.getType() : x.getPods().getTarget().getAverageValue().toString())
                        .toList();
                assertEquals(env.equals("dev") ? List.of("1400m") : List.of("Resource"), metrics, env + ": prod keeps the CPU autoscaler");
            }
        }
    }

    /**
     * Issue 22's descriptor as written, for each environment through both paths: the claim mounted
     * in the web pod, the worker and the scheduler; a worker Deployment without nginx; the CronJob
     * one run at a time; the release step a Helm hook (a Job Argo CD runs first in Kustomize);
     * envFrom in every container that runs the app's code; and one documented release (Helm's
     * --set-string image.tag, Kustomize's edit set image) moves every app container.
     */
    @Test
    void theWholeAppReachesBothPathsAlike() throws Exception {
        String descriptor = Projects.WHOLE_APP;
        Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", descriptor, "test");
        Path dir = Projects.write(p);
        HelmRunner.lintStrict(dir.resolve("helm/shop"));
        for (String env : List.of("dev", "prod")) {
            String helm = HelmRunner.templateWithReleaseHook(dir.resolve("helm/shop"), List.of(dir.resolve("helm/values-" + env + ".yaml")), Map.of());
            Manifests h = Manifests.parse(helm);
            h.assertSecure();
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
            Manifests m = Manifests.parse(k);
            m.assertSecure();
            Parity.assertSameWorkload(helm, k, "whole app " + env);
            // monitoring: true (prod only): the PodMonitor and the alerts, scoped to the overlay's own namespace.
            assertEquals(env.equals("prod") ? 1 : 0, h.ofKind(io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class).size(), env);
            assertEquals(env.equals("prod") ? 1 : 0, m.ofKind(io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class).size(), env);
            // autoscaling: busyWorkers (prod only): the HPA holds php-fpm's busy workers per pod, 0.7 x 6.
            for (Manifests built : List.of(h, m)) {
                var metrics = built.ofKind(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class).stream()
                        .flatMap(a -> a.getSpec().getMetrics().stream()).toList();
                assertEquals(env.equals("prod") ? List.of("Pods phpfpm_active_processes 4200m") : List.of(), metrics.stream()
                        .map(x -> x.getType() + " " + x.getPods().getMetric().getName() + " " + x.getPods().getTarget().getAverageValue()).toList());
            }
            for (var rule : m.ofKind(io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class)) {
                for (var r : rule.getSpec().getGroups().get(0).getRules()) {
                    assertTrue(r.getExpr().getStrVal().contains("namespace=\"shop-prod\", pod=~\"shop-.*\""), r.getExpr().getStrVal());
                }
            }
            for (Manifests built : List.of(h, m)) {
                var worker = built.ofKind(io.fabric8.kubernetes.api.model.apps.Deployment.class).stream()
                        .filter(d -> d.getMetadata().getName().equals("shop-queue")).findFirst().orElseThrow();
                var wpod = worker.getSpec().getTemplate().getSpec();
                assertEquals(List.of("queue"), wpod.getContainers().stream().map(c -> c.getName()).toList(), "no nginx in the worker");
                assertEquals(List.of("php", "artisan", "queue:work", "--tries=3", "--max-time=3600"), wpod.getContainers().get(0).getCommand());
                assertEquals(75L, wpod.getTerminationGracePeriodSeconds(), "Laravel's default job timeout, 60 s, and 15 to exit");
                assertEquals("shop-queue", worker.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name"),
                        "the web Service's selector (name shop) never takes a worker");
                var cron = built.one(io.fabric8.kubernetes.api.model.batch.v1.CronJob.class);
                assertEquals("* * * * *", cron.getSpec().getSchedule());
                assertEquals("Forbid", cron.getSpec().getConcurrencyPolicy());
                assertEquals(0, cron.getSpec().getJobTemplate().getSpec().getBackoffLimit());
                assertEquals(3600L, cron.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds());
                assertEquals(1, cron.getSpec().getSuccessfulJobsHistoryLimit());
                var job = built.one(io.fabric8.kubernetes.api.model.batch.v1.Job.class);
                assertEquals(List.of("php", "artisan", "migrate", "--force"), job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
                assertEquals(0, job.getSpec().getBackoffLimit(), "a failed migration is not retried");
                assertEquals(600L, job.getSpec().getActiveDeadlineSeconds());
                for (HasMetadata o : built.all()) {
                    var pod = Manifests.podSpec(o);
                    if (pod == null) {
                        continue;
                    }
                    for (var c : pod.getContainers().stream().filter(c -> !c.getName().equals("nginx")).toList()) {
                        assertEquals(List.of("shop-env", "shop-config"), c.getEnvFrom().stream()
                                .map(e -> e.getSecretRef() != null ? e.getSecretRef().getName() : e.getConfigMapRef().getName()).toList(),
                                o.getKind() + " " + c.getName() + " gets the app's configuration");
                        if (!c.getName().equals("release")) {
                            assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals("writable-uploads") && v.getPersistentVolumeClaim() != null
                                    && v.getPersistentVolumeClaim().getClaimName().equals("shop-uploads")), o.getKind() + " mounts the uploads claim");
                        }
                    }
                }
                assertTrue(job.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .anyMatch(v -> v.getName().equals("writable-uploads") && v.getEmptyDir() != null), "the release step runs before the claims exist");
                var claim = built.one(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class);
                assertEquals(List.of("ReadWriteMany"), claim.getSpec().getAccessModes(), env + ": the worker and the scheduler mount it too");
                assertEquals(env.equals("prod") ? "nfs" : null, claim.getSpec().getStorageClassName());
            }
            assertEquals("PreSync", m.one(io.fabric8.kubernetes.api.model.batch.v1.Job.class).getMetadata().getAnnotations().get("argocd.argoproj.io/hook"));
            // The documented first step applies the objects labelled component=release: the Job alone.
            assertEquals(List.of("Job shop-release"), m.all().stream()
                    .filter(o -> "release".equals(o.getMetadata().getLabels().get("app.kubernetes.io/component")))
                    .map(o -> o.getKind() + " " + o.getMetadata().getName()).toList());
        }
        // A tag YAML would read as a number, and a digest: the commands' images stay text and follow the overlay.
        for (String image : List.of("registry.example.com/shop:1e3", "registry.example.com/shop:2.0@sha256:" + "d".repeat(64))) {
            Project q = dev.phpod.project.Descriptor.parse("phpod.yaml", descriptor.replace("registry.example.com/shop:1.4.2", image), "test");
            Path qdir = Projects.write(q);
            String qk = KustomizeRunner.build(qdir.resolve("kustomize/overlays/dev"));
            Parity.assertSameWorkload(HelmRunner.templateWithReleaseHook(qdir.resolve("helm/shop"), List.of(qdir.resolve("helm/values-dev.yaml")), Map.of()),
                    qk, image);
            String expected = image.contains("@") ? "registry.example.com/shop@sha256:" + "d".repeat(64) : image;
            assertEquals(5, qk.split("image: " + java.util.regex.Pattern.quote(expected) + "\n", -1).length - 1, qk);
        }
        String kreadme = Files.readString(dir.resolve("kustomize/README.md"));
        assertTrue(kreadme.contains("kubectl delete job shop-release --ignore-not-found -n NAMESPACE\n"
                + "kustomize build . | kubectl apply -l app.kubernetes.io/component=release -f -\n"
                + "kubectl wait --for=condition=complete job/shop-release -n NAMESPACE --timeout=15m\n"), kreadme);
        String hook = Files.readString(dir.resolve("helm/shop/templates/release-job.yaml"));
        assertTrue(hook.contains("\n    helm.sh/hook: pre-install,pre-upgrade\n    helm.sh/hook-delete-policy: before-hook-creation\n"), hook);
        // One release moves every container that runs the app's code, in both paths.
        String released = HelmRunner.templateWithReleaseHook(dir.resolve("helm/shop"), List.of(dir.resolve("helm/values-prod.yaml")), Map.of("image.tag", "v42"));
        Path overlay = dir.resolve("kustomize/overlays/prod");
        assertEquals(0, KustomizeRunner.run(overlay, "edit", "set", "image", "registry.example.com/shop:v42").exit());
        for (String built : List.of(released, KustomizeRunner.build(overlay))) {
            List<String> images = new ArrayList<>();
            for (HasMetadata o : Manifests.parse(built).all()) {
                var pod = Manifests.podSpec(o);
                if (pod != null && !(o instanceof io.fabric8.kubernetes.api.model.Pod)) {
                    pod.getContainers().stream().filter(c -> !c.getName().equals("nginx")).forEach(c -> images.add(c.getName() + "=" + c.getImage()));
                    pod.getInitContainers().forEach(c -> images.add(c.getName() + "=" + c.getImage()));
                }
            }
            assertEquals(List.of("copy-code", "php-fpm", "queue", "release", "scheduler"), images.stream().map(i -> i.substring(0, i.indexOf('='))).sorted().toList());
            assertTrue(images.stream().allMatch(i -> i.endsWith("=registry.example.com/shop:v42")), images.toString());
        }
    }

    /**
     * An environment that names a claim of the user's (existingClaims) mounts it instead of phpod's
     * own in every pod that mounts the data, in both paths alike: the web pod, the worker, the
     * scheduler, and the release step, since the user's claim exists before the release (not with
     * accessMode ReadWriteOnce, held by the running web pod); phpod's own claims are there for all
     * but the release step, which runs before a first release makes them (Helm without a cluster to
     * ask, Argo CD's PreSync, Kustomize's first step). The release step's ephemeral-storage limit
     * holds exactly the emptyDirs left. (The overlay once patched the web pod only, leaving the
     * worker and the scheduler on the claim it deletes.)
     */
    @Test
    void anExistingClaimReachesEveryPodAlike() throws Exception {
        Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", Projects.WHOLE_APP
                .replace("  - {name: uploads, path: public/uploads, persistent: true}   # data: a PVC per environment\n",
                        "  - {name: uploads, path: public/uploads, persistent: true}\n  - {name: media, path: storage/app/media, persistent: true}\n")
                .replace("  - {name: dev, replicas: 1}\n", "  - {name: dev, replicas: 1}\n  - {name: staging, replicas: 2, existingClaims: {uploads: staging-uploads}}\n"
                        + "  - {name: one, replicas: 1, accessMode: ReadWriteOnce, existingClaims: {uploads: one-uploads}}\n"),
                "test");
        Path dir = Projects.write(p);
        // The release step's claims, and its limit: /tmp 64 Mi, 256 Mi per emptyDir, 16 Mi for the container.
        Map<String, Map<String, String>> released = Map.of("dev", Map.of(), "staging", Map.of("writable-uploads", "staging-uploads"), "one", Map.of());
        Map<String, String> releaseStorage = Map.of("dev", "592Mi", "staging", "336Mi", "one", "592Mi");
        for (String env : List.of("dev", "staging", "one")) {
            String helm = HelmRunner.templateWithReleaseHook(dir.resolve("helm/shop"), List.of(dir.resolve("helm/values-" + env + ".yaml")), Map.of());
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
            Parity.assertSameWorkload(helm, k, "existing claim " + env);
            String uploads = Map.of("dev", "shop-uploads", "staging", "staging-uploads", "one", "one-uploads").get(env);
            for (Manifests built : List.of(Manifests.parse(helm), Manifests.parse(k))) {
                built.assertSecure();
                assertEquals(env.equals("dev") ? List.of("shop-media", "shop-uploads") : List.of("shop-media"),
                        built.ofKind(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class).stream().map(c -> c.getMetadata().getName()).sorted().toList(),
                        env + ": no claim of phpod's where the user names one");
                List<String> mounting = new ArrayList<>();
                for (HasMetadata o : built.all()) {
                    var pod = Manifests.podSpec(o);
                    if (pod == null) {
                        continue;
                    }
                    Map<String, String> claims = new java.util.TreeMap<>();
                    pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                            .forEach(v -> claims.put(v.getName(), v.getPersistentVolumeClaim().getClaimName()));
                    String what = env + " " + o.getKind() + " " + o.getMetadata().getName();
                    if (o instanceof io.fabric8.kubernetes.api.model.batch.v1.Job) {
                        assertEquals(released.get(env), claims, what);
                        assertTrue(pod.getVolumes().stream().filter(v -> v.getName().startsWith("writable-") && !claims.containsKey(v.getName()))
                                .allMatch(v -> v.getEmptyDir() != null && v.getPersistentVolumeClaim() == null), what + ": an emptyDir for every other path");
                        assertEquals(releaseStorage.get(env), pod.getContainers().get(0).getResources().getLimits().get("ephemeral-storage").toString(), what);
                    } else {
                        assertEquals(Map.of("writable-uploads", uploads, "writable-media", "shop-media"), claims, what);
                        mounting.add(o.getMetadata().getName());
                    }
                }
                assertEquals(List.of("shop", "shop-queue", "shop-scheduler"), mounting.stream().sorted().toList(), env);
            }
        }
    }

    /**
     * An environment that names a Gateway gets a Gateway API HTTPRoute (validated strictly against
     * fabric8's Gateway API model) instead of an Ingress, in both paths alike: attached to the
     * Gateway (in its namespace or the route's), for the host when one is given.
     */
    @Test
    void aGatewayGetsAnHttpRoute() throws Exception {
        Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", """
                phpod: "0.1.0"
                name: shop
                image: shop:1
                environments:
                  - {name: qa, host: qa.shop.example.com, gateway: {name: shared-gateway, namespace: gateways}}
                  - {name: live, gateway: {name: edge}}
                  - {name: old, host: old.shop.example.com}
                """, "test");
        Path dir = Projects.write(p);
        HelmRunner.lintStrict(dir.resolve("helm/shop"));
        Map<String, Manifests> built = new java.util.HashMap<>();
        for (String env : List.of("qa", "live", "old")) {
            String helm = HelmRunner.template(dir.resolve("helm/shop"), dir.resolve("helm/values-" + env + ".yaml"));
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
            Parity.assertSameWorkload(helm, k, "gateway " + env);
            Manifests.parse(helm);
            built.put(env, Manifests.parse(k));
        }
        var qa = built.get("qa").one(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class);
        assertEquals("shared-gateway", qa.getSpec().getParentRefs().get(0).getName());
        assertEquals("gateways", qa.getSpec().getParentRefs().get(0).getNamespace());
        assertEquals(List.of("qa.shop.example.com"), qa.getSpec().getHostnames());
        assertEquals("shop", qa.getSpec().getRules().get(0).getBackendRefs().get(0).getName());
        assertEquals(80, qa.getSpec().getRules().get(0).getBackendRefs().get(0).getPort());
        assertTrue(built.get("qa").ofKind(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class).isEmpty(), "a route, not an Ingress");
        var live = built.get("live").one(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class);
        assertEquals("edge", live.getSpec().getParentRefs().get(0).getName());
        assertEquals(null, live.getSpec().getParentRefs().get(0).getNamespace());
        assertTrue(live.getSpec().getHostnames() == null || live.getSpec().getHostnames().isEmpty());
        assertTrue(built.get("old").ofKind(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class).isEmpty());
        assertEquals(1, built.get("old").ofKind(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class).size());
    }

    /** The README's example of data, configuration and routes is a descriptor that both paths build alike. */
    @Test
    void theReadmesDataExampleBuildsAlike() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### Data, configuration and routes");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        String example = readme.substring(start, readme.indexOf("```\n", start));
        Project p = dev.phpod.project.Descriptor.parse("README.md", "phpod: \"0.1.0\"\nname: shop\nimage: shop:1\n" + example, "test");
        assertEquals(List.of("dev", "staging", "prod"), p.environments().stream().map(e -> e.name()).toList());
        Path dir = Projects.write(p);
        for (var env : p.environments()) {
            String helm = HelmRunner.template(dir.resolve("helm/shop"), dir.resolve("helm/values-" + env.name() + ".yaml"));
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env.name()));
            Manifests.parse(k).assertSecure();
            Parity.assertSameWorkload(helm, k, "README " + env.name());
        }
    }

    /** The longest name, dotted and underscored paths, a registry with a port and a digest: all still valid output. */
    @Test
    void edgeInputsThatAreAcceptedProduceValidOutput() throws Exception {
        String name = "a" + "-b".repeat(19) + "c"; // 40 characters, the most phpod accepts
        assertEquals(40, name.length());
        Project p = Projects.project(name, "registry.example.com:5000/team.x/app_name-1:1.0-rc.1_b@sha256:" + "c".repeat(64),
                "web.root/public_html", "pre-prod", "e2");
        Path dir = Projects.write(p.withPaths("/srv/my-app_1.0", p.docroot()));
        HelmRunner.lintStrict(dir.resolve("helm/" + name));
        for (String env : List.of("pre-prod", "e2")) {
            String helm = HelmRunner.template(dir.resolve("helm/" + name), dir.resolve("helm/values-" + env + ".yaml"));
            Manifests.parse(helm).assertSecure();
            String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/" + env));
            Manifests.parse(k).assertSecure();
            Parity.assertSameWorkload(helm, k, "edge " + env);
            assertTrue(k.contains("root /srv/my-app_1.0/web.root/public_html;"), k);
        }
    }

    @Test
    void otherPathsAndTheDigestReachBothPaths() throws Exception {
        String k = KustomizeRunner.build(project("other").resolve("kustomize/overlays/live"));
        assertTrue(k.contains("image: localhost:5000/team/blog@sha256:" + "b".repeat(64)), k);
        assertTrue(k.contains("root /srv/app;"), "the docroot '.' is the code path");
        assertTrue(!k.contains("/var/www/html"), "no default path may survive");
    }

    @Test
    void parityFailsWhenOnePathDrifts() throws Exception {
        Path dir = Projects.write(Projects.project("drift", "drift:1", null, "dev", "prod"));
        String helm = HelmRunner.template(dir.resolve("helm/drift"), dir.resolve("helm/values-prod.yaml"));
        Path overlay = dir.resolve("kustomize/overlays/prod");
        Parity.assertSameWorkload(helm, KustomizeRunner.build(overlay), "before the drift");

        // One field in the Kustomize path only: nginx's body limit in the base config.
        Path conf = dir.resolve("kustomize/base/config/nginx.conf");
        Files.writeString(conf, Files.readString(conf).replace("client_max_body_size 16m;", "client_max_body_size 17m;"));
        assertThrows(AssertionError.class, () -> Parity.assertSameWorkload(helm, KustomizeRunner.build(overlay), "config drift"));
        Files.writeString(conf, Files.readString(conf).replace("client_max_body_size 17m;", "client_max_body_size 16m;"));

        // One field in the Helm path only: a probe period.
        String helmDrift = HelmRunner.template(dir.resolve("helm/drift"), List.of(dir.resolve("helm/values-prod.yaml")),
                Map.of("probes.readiness.periodSeconds", 7));
        assertThrows(AssertionError.class, () -> Parity.assertSameWorkload(helmDrift, KustomizeRunner.build(overlay), "probe drift"));

        // And the size patch of the overlay.
        Path k = overlay.resolve("kustomization.yaml");
        Files.writeString(k, Files.readString(k).replace("memory: \"1Gi\"", "memory: \"2Gi\""));
        assertThrows(AssertionError.class, () -> Parity.assertSameWorkload(helm, KustomizeRunner.build(overlay), "size drift"));
    }

    /**
     * Tags as users write them (dotted, all digits, float-like, boolean-like, a registry with a port)
     * and a digest: each overlay is byte for byte what 'kustomize edit' writes, so setting the image
     * it already has changes nothing, and a release changes only the image's line.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = { "registry.example.com/rel:1.4.2", "localhost:5000/team/rel:2.0", "rel:20241126",
            "rel:v42", "rel:latest", "rel:1e3", "rel:true", "rel:0x1F", "rel:1.0_rc-1",
            "registry.example.com/rel@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
    void overlaysAreWrittenAsKustomizeEditWritesThem(String image) throws Exception {
        Project p = Projects.project("rel", image, null, "dev", "staging", "prod");
        Path dir = Projects.write(p);
        for (String env : List.of("dev", "staging", "prod")) {
            Path overlay = dir.resolve("kustomize/overlays/" + env);
            String before = Files.readString(overlay.resolve("kustomization.yaml"));
            String same = p.image().digest().isEmpty() ? p.image().repository() + ":" + p.image().tag() : p.image().repository() + "@" + p.image().digest();
            KustomizeRunner.Result edit = KustomizeRunner.run(overlay, "edit", "set", "image", same);
            assertEquals(0, edit.exit(), edit.err());
            assertEquals(before, Files.readString(overlay.resolve("kustomization.yaml")), "kustomize edit rewrote " + env + "'s overlay");

            // The release command the overlay itself documents, with a new tag.
            String documented = before.lines().filter(l -> l.startsWith("#   kustomize edit set image ")).findFirst().orElseThrow()
                    .substring("#   ".length()).replace("NEW_TAG", "1.4.3").replace("NEW_DIGEST", "b".repeat(64));
            String released = p.image().digest().isEmpty() ? ":1.4.3" : "@sha256:" + "b".repeat(64);
            assertEquals("kustomize edit set image " + p.image().repository() + released, documented);
            List<String> args = List.of(documented.substring("kustomize ".length()).split(" "));
            KustomizeRunner.Result release = KustomizeRunner.run(overlay, args.toArray(String[]::new));
            assertEquals(0, release.exit(), release.err());
            List<String> changed = changedLines(before, Files.readString(overlay.resolve("kustomization.yaml")));
            assertEquals(p.image().digest().isEmpty() ? List.of("-   newTag: " + dev.phpod.generate.YamlText.yamlPlain(p.image().tag()), "+   newTag: 1.4.3")
                    : List.of("- - digest: " + p.image().digest(), "+ - digest: sha256:" + "b".repeat(64)),
                    changed, "a release changes only the image");
            String k = KustomizeRunner.build(overlay);
            assertTrue(k.contains("image: " + p.image().repository() + released), k);
        }
        String readme = Files.readString(dir.resolve("kustomize/README.md"));
        assertTrue(readme.contains("\nkustomize edit set image " + p.image().repository() + ":NEW_TAG\n")
                && readme.replaceAll("\\s+", " ").contains("`kustomize edit set image " + p.image().repository() + "@sha256:NEW_DIGEST`"),
                "the README gives the same commands:\n" + readme);
    }

    /** The lines that differ, as "- old" / "+ new", in order (a line-by-line comparison is enough here). */
    private static List<String> changedLines(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j + 1 < b.size() && i < a.size() && a.get(i).equals(b.get(j + 1))) {
                out.add("+ " + b.get(j++));
            } else if (i + 1 < a.size() && j < b.size() && a.get(i + 1).equals(b.get(j))) {
                out.add("- " + a.get(i++));
            } else {
                if (i < a.size()) {
                    out.add("- " + a.get(i++));
                }
                if (j < b.size()) {
                    out.add("+ " + b.get(j++));
                }
            }
        }
        return out;
    }

    @Test
    void onlyCurrentKustomizeFieldsAreUsed() throws IOException {
        try (Stream<Path> s = Files.walk(project("shop").resolve("kustomize"))) {
            for (Path p : s.filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList()) {
                String text = Files.readString(p);
                for (String old : List.of("commonLabels", "patchesStrategicMerge", "patchesJson6902", "vars:", "bases:", "commonAnnotations")) {
                    assertTrue(!text.contains(old), p + " uses the deprecated field " + old);
                }
            }
        }
    }

    /**
     * codeSource: image (issue #24): the chart (for a 1.35 cluster) and the overlay's image-volume
     * component describe the same pod: no copy step (or a seed step where a path is seeded), the app
     * image as nginx's code volume at the docroot; and the overlay's images: entry, which
     * kustomize edit set image writes, moves the volume's reference with php-fpm's image.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"plain", "seeded"})
    void theImageVolumeReachesBothPathsAlike(String which) throws Exception {
        String descriptor = """
                phpod: "0.1.0"
                name: wiki
                image: registry.example.com/wiki:2.0
                docroot: "."
                environments:
                  - {name: dev}
                  - {name: prod, codeSource: image}
                """ + (which.equals("seeded") ? "writablePaths:\n  - {name: data, path: data, seed: true}\n" : "");
        Project p = dev.phpod.project.Descriptor.parse("phpod.yaml", descriptor, "test");
        Path dir = Projects.write(p);
        String helm = HelmRunner.templateForKube("1.35.0", dir.resolve("helm/wiki"), List.of(dir.resolve("helm/values-prod.yaml")), Map.of());
        String k = KustomizeRunner.build(dir.resolve("kustomize/overlays/prod"));
        Manifests m = Manifests.parse(k);
        m.assertSecure();
        Parity.assertSameWorkload(helm, k, "image volume " + which);
        var pod = m.deployment().getSpec().getTemplate().getSpec();
        var code = pod.getVolumes().stream().filter(v -> v.getName().equals("code")).findFirst().orElseThrow();
        assertEquals("registry.example.com/wiki:2.0", code.getImage().getReference());
        assertEquals(which.equals("seeded") ? List.of("seed") : List.of(),
                pod.getInitContainers() == null ? List.of() : pod.getInitContainers().stream().map(c -> c.getName()).toList());
        // The dev overlay keeps the copy step.
        var dev = Manifests.parse(KustomizeRunner.build(dir.resolve("kustomize/overlays/dev"))).deployment().getSpec().getTemplate().getSpec();
        assertEquals("copy-code", dev.getInitContainers().get(0).getName());
        // A release moves the volume with php-fpm: the overlay's images entry as kustomize edit set image writes it.
        Path overlay = dir.resolve("kustomize/overlays/prod/kustomization.yaml");
        Files.writeString(overlay, Files.readString(overlay).replace("newTag: \"2.0\"", "newTag: \"2.1\"").replace("newTag: '2.0'", "newTag: '2.1'")
                .replace("newTag: 2.0\n", "newTag: \"2.1\"\n"));
        var released = Manifests.parse(KustomizeRunner.build(dir.resolve("kustomize/overlays/prod"))).deployment().getSpec().getTemplate().getSpec();
        assertEquals("registry.example.com/wiki:2.1", released.getContainers().get(0).getImage(), Files.readString(overlay));
        assertEquals("registry.example.com/wiki:2.1", released.getVolumes().stream().filter(v -> v.getName().equals("code")).findFirst().orElseThrow()
                .getImage().getReference(), "the code volume moves with php-fpm");
    }
}
