package dev.phpod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.phpod.support.Manifests;
import dev.phpod.support.Packaged;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The whole app, not only its web pod: a Laravel shop (src/test/e2e/frameworks/shop, Laravel 8 from
 * Debian's packages) on a MariaDB server, as its user gets it. 'phpod init --source' finds its worker
 * (a queued job on the database connection), its scheduler and its migrations; the user adds the
 * ConfigMap with the database's address (envFrom) to phpod.yaml and runs 'phpod generate'. Then, on
 * each path, on a new database, the pods are played in the order a release runs them: the release
 * step's Job to its end, then the web pod, the worker, and one run of the scheduler's CronJob. The
 * data claim (storage/, persistent) is one podman volume for all of them, as one ReadWriteMany claim
 * is for the pods of a namespace (see {@link PlayedPod}).
 */
class LaravelCommandsE2EIT {
    @TempDir
    static Path work;
    static Path project;
    static DatabaseServer db;

    @BeforeAll
    static void generate() throws IOException {
        db = DatabaseServer.start(E2e.images().db(), "phpod-e2e-shop-db");
        project = E2e.init(work, "shop", "--image", E2e.images().frameworks(), "--code-path", "/srv/shop",
                "--source", "src/test/e2e/frameworks/shop");
        Path descriptor = project.resolve("phpod.yaml");
        String found = Files.readString(descriptor);
        assertTrue(found.contains("  - name: queue\n    command: [\"php\", \"artisan\", \"queue:work\", \"--tries=3\", \"--max-time=3600\"]"), found);
        assertTrue(found.contains("  - name: scheduler\n    schedule: \"* * * * *\"\n    command: [\"php\", \"artisan\", \"schedule:run\"]"), found);
        assertTrue(found.contains("release:\n  command: [\"php\", \"artisan\", \"migrate\", \"--force\"]"), found);
        assertTrue(found.contains("envFrom: []\n"), found);
        Files.writeString(descriptor, found.replace("envFrom: []\n", "envFrom:\n  - {configMap: shop-config}\n"));
        Podman.run(null, 120, Packaged.command("generate", project.toString()).toArray(String[]::new)).check("phpod generate");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    /** The operator's ConfigMap that envFrom names: the database's address, user and password, and the app key. */
    static String config() {
        return String.join("\n", "---", "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: shop-config", "data:",
                "  DB_HOST: \"" + db.address() + "\"", "  DB_DATABASE: shop", "  DB_USERNAME: shop", "  DB_PASSWORD: shop",
                "  APP_KEY: \"base64:" + java.util.Base64.getEncoder().encodeToString("k".repeat(32).getBytes()) + "\"", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    void theReleaseTheWorkerAndTheSchedulerRunTheApp(String path) throws Exception {
        String rendered = (path.equals("helm") ? E2e.render(project, Map.of()) : E2e.kustomize(project)) + config();
        Manifests m = Manifests.parse(rendered);
        HasMetadata release = only(m, "Job", o -> true);
        HasMetadata scheduler = only(m, "CronJob", o -> true);
        Deployment worker = (Deployment) only(m, "Deployment", o -> Manifests.podSpec(o).getContainers().stream().noneMatch(c -> c.getName().equals("nginx")));
        for (HasMetadata o : List.of(release, scheduler, worker, m.deployment())) {
            PodSpec spec = Manifests.podSpec(o);
            assertTrue(spec.getContainers().stream().allMatch(c -> c.getEnvFrom().stream()
                    .anyMatch(e -> e.getConfigMapRef() != null && e.getConfigMapRef().getName().equals("shop-config"))
                    || c.getName().equals("nginx")), o.getKind() + " " + o.getMetadata().getName() + ": envFrom in every container that runs the app");
        }
        String claim = m.one(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class).getMetadata().getName();
        db.recreateDatabase("shop");
        assertEquals("", db.query("SHOW TABLES"), "a new database");
        List<PlayedPod> pods = new ArrayList<>();
        Podman.podman("volume", "rm", "-f", claim);
        try {
            // 1. The release step, to its end, before any web pod.
            PlayedPod job = play(pods, PlayedPod.playCommand(rendered, "Job", release.getMetadata().getName(), "phpod-shop-" + path + "-release", work, true));
            assertEquals(0, job.awaitExit("release", Duration.ofSeconds(120)), job.logs("seed") + job.logs("release"));
            assertTrue(job.logs("release").contains("2026_01_02_000000_create_marks_table"), job.logs("release"));

            // 2. The web pod serves the migrated database.
            PlayedPod web = play(pods, PlayedPod.play(rendered, "phpod-shop-" + path + "-web", true, work, true));
            web.awaitReady(Duration.ofSeconds(90));
            HttpResponse<String> migrations = web.get("/migrations");
            assertEquals("2026_01_01_000000_create_orders_table 2026_01_01_000001_create_jobs_table 2026_01_02_000000_create_marks_table\n",
                    migrations.body(), web.logs("php-fpm"));

            // 3. A job queued by a web request is processed by the worker's pod, whose receipt (on the
            //    data claim) the web pod serves.
            PlayedPod queue = play(pods, PlayedPod.playCommand(rendered, "Deployment", worker.getMetadata().getName(), "phpod-shop-" + path + "-queue", work, true));
            assertEquals("order 1\n", post(web, "/orders").body());
            String processed = await(web, "/orders/1", b -> b.contains("processed"), Duration.ofSeconds(60), queue);
            assertTrue(processed.matches("order 1 processed by phpod-shop-" + path + "-queue\\S*, attempts 1\n"), processed);
            assertTrue(web.get("/receipts/1").body().startsWith("order 1 by phpod-shop-" + path + "-queue"), "the worker's file, read by the web pod");

            // 4. One run of the scheduler's CronJob leaves its mark.
            assertEquals("marks 0\n", web.get("/marks").body());
            PlayedPod cron = play(pods, PlayedPod.playCommand(rendered, "CronJob", scheduler.getMetadata().getName(), "phpod-shop-" + path + "-scheduler", work, true));
            assertEquals(0, cron.awaitExit("scheduler", Duration.ofSeconds(120)), cron.logs("seed") + cron.logs("scheduler"));
            assertEquals("marks 1\n", web.get("/marks").body(), cron.logs("scheduler"));

            // 5. The worker stopped mid-job (a rollout, a scale-down) finishes it: nothing lost, nothing run twice.
            long grace = worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertEquals("order 2\n", post(web, "/orders?seconds=8").body());
            await(web, "/orders/2", b -> b.contains("started"), Duration.ofSeconds(60), queue);
            long took = queue.stopAsKubelet("queue", grace);
            String[] state = queue.state("queue");
            assertEquals("0", state[1], "queue:work finished its job and left on SIGTERM, not killed after " + grace + " s (" + took + " ms)\n" + queue.logs("queue"));
            assertTrue(took < grace * 1000, took + " ms");
            assertTrue(web.get("/orders/2").body().matches("order 2 processed by \\S+, attempts 1\n"), web.get("/orders/2").body());
            assertEquals("waiting 0, failed 0\n", web.get("/queue").body(), "no job lost, none failed");
        } finally {
            pods.forEach(PlayedPod::close);
            Podman.podman("volume", "rm", "-f", claim);
        }
    }

    private static PlayedPod play(List<PlayedPod> pods, PlayedPod pod) {
        pods.add(pod);
        return pod;
    }

    private static HasMetadata only(Manifests m, String kind, Predicate<HasMetadata> which) {
        List<HasMetadata> found = m.all().stream().filter(o -> o.getKind().equals(kind) && which.test(o)).toList();
        assertEquals(1, found.size(), "one " + kind + " expected: " + found);
        return found.get(0);
    }

    private static HttpResponse<String> post(PlayedPod pod, String path) throws IOException {
        HttpResponse<String> r = PlayedPod.send(HttpRequest.newBuilder(pod.uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, r.statusCode(), r.body() + pod.logs("php-fpm"));
        return r;
    }

    /** Polls the web pod's page until its body passes the test. */
    private static String await(PlayedPod web, String path, Predicate<String> done, Duration timeout, PlayedPod worker) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < end) {
            body = web.get(path).body();
            if (done.test(body)) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " still says " + body + "\n" + worker.logs("queue"));
    }
}
