package dev.phpod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;


/**
 * The pod under load and attack, on both paths (the Helm chart and the Kustomize overlay), with
 * {@link Kubelet} running the rendered probes as a kubelet would: a saturated php-fpm pool, a flood
 * of slow clients, a container restarted alone, and requests for what must never be served.
 * Figures (probe latency under saturation, flood results, restart times) are printed at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodUnderLoadE2EIT {
    /** pm.max_children of the played pods (the dev environment's size: 2 workers in small), read from the manifest. */
    static int WORKERS;
    static final List<String> FIGURES = Collections.synchronizedList(new ArrayList<>());
    static final Map<String, PlayedPod> PODS = new LinkedHashMap<>();

    @TempDir
    static Path work;

    @BeforeAll
    static void play() throws Exception {
        // Helm: trust every proxy's X-Forwarded-For (the strongest real-IP setting) and add an uploads volume.
        PODS.putAll(E2e.playBothPaths(work, "load", "nginx:", "  realIp:", "    trustedProxies: [0.0.0.0/0]",
                "writablePaths:", "  - name: uploads", "    path: /var/www/html/public/uploads"));
        WORKERS = workers(E2e.kustomize(work.resolve("deploy-load")));
        assertEquals(WORKERS, workers(E2e.render(work.resolve("deploy-load"), Map.of())), "both paths run the same pool");
    }

    /** The php-fpm container's PHPOD_FPM_MAX_CHILDREN: php-fpm.conf reads pm.max_children from it. */
    static int workers(String manifests) {
        return Integer.parseInt(dev.phpod.support.Manifests.parse(manifests).deployment().getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("php-fpm")).findFirst().orElseThrow().getEnv().stream()
                .filter(e -> e.getName().equals("PHPOD_FPM_MAX_CHILDREN")).findFirst().orElseThrow().getValue());
    }

    @AfterAll
    static void tearDown() {
        PODS.values().forEach(PlayedPod::close);
        System.out.println("\npod under load and attack:\n  " + String.join("\n  ", FIGURES));
    }

    /** Runs n clients, each sending requests in a loop until the time is up; returns what failed. */
    private static List<String> load(PlayedPod pod, int clients, long seconds, String path, Duration timeout, List<Long> latencies) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<String>>> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            all.add(pool.submit(() -> {
                List<String> failed = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    try {
                        HttpResponse<String> r = PlayedPod.send(HttpRequest.newBuilder(pod.uri(path)).timeout(timeout).GET().build());
                        if (r.statusCode() != 200) {
                            failed.add(path + " " + r.statusCode());
                        }
                    } catch (IOException e) {
                        failed.add(path + " " + e);
                    }
                    latencies.add((System.nanoTime() - t) / 1_000_000);
                }
                return failed;
            }));
        }
        List<String> failed = new ArrayList<>();
        for (Future<List<String>> f : all) {
            failed.addAll(f.get());
        }
        pool.shutdownNow();
        return failed;
    }

    /** What a real client saw: the failures (status or exception) and each request's time, sorted. */
    record Asked(List<String> failed, List<Long> took) {
        int answered() {
            return took.size() - failed.size();
        }
    }

    /** A real client beside the load: asks for "/" every 2 s for that long (each request may take 10 s). */
    private static Asked askEveryTwoSeconds(PlayedPod pod, long seconds) throws InterruptedException {
        List<String> failed = new ArrayList<>();
        List<Long> took = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            try {
                HttpResponse<String> r = pod.get("/");
                if (r.statusCode() != 200) {
                    failed.add(String.valueOf(r.statusCode()));
                }
            } catch (IOException e) {
                failed.add(e.toString());
            }
            took.add((System.nanoTime() - t) / 1_000_000);
            Thread.sleep(Math.max(0, 2000 - (System.nanoTime() - t) / 1_000_000));
        }
        Collections.sort(took);
        return new Asked(failed, took);
    }

    /**
     * Twice as many clients as php-fpm has workers, each asking for a page that takes 8 s, for 40 s:
     * every worker of the app pool is busy all the time and requests queue. A kubelet must neither
     * restart a container nor take the pod out of the Service, and no request may be lost. Two
     * shapes: workers that wait (a slow query, a remote call) and workers that burn the CPU under the
     * container's CPU limit (500m in dev), where the probe must still get its share.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"helm, /sleep?s=8", "kustomize, /sleep?s=8", "helm, /burn?ms=8000"})
    @Order(1)
    void aSaturatedPoolIsNeitherRestartedNorTakenOutOfTheService(String path, String page) throws Exception {
        PlayedPod pod = PODS.get(path);
        try (Kubelet kubelet = Kubelet.start(pod)) {
            kubelet.awaitReady(Duration.ofSeconds(30));
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<String> failed = load(pod, 2 * WORKERS, 40, page, Duration.ofSeconds(90), latencies);
            assertEquals(List.of(), failed, "requests lost under saturation\n" + pod.logs("nginx") + pod.logs("php-fpm"));
            assertEquals(List.of(), kubelet.restarts(), "a busy pod was restarted");
            assertEquals(List.of(), kubelet.readinessLost(), "a busy pod left the Service");
            Collections.sort(latencies);
            FIGURES.add(String.format("%s saturation (%d clients on %d workers, %s, 40 s): %d requests, 0 lost, page time %d-%d ms;"
                    + " php-fpm liveness probe %s, readiness %s; nginx readiness %s", path, 2 * WORKERS, WORKERS, page, latencies.size(),
                    latencies.get(0), latencies.get(latencies.size() - 1), kubelet.summary("php-fpm", Kubelet.Kind.LIVENESS),
                    kubelet.summary("php-fpm", Kubelet.Kind.READINESS), kubelet.summary("nginx", Kubelet.Kind.READINESS)));
        }
    }

    /**
     * 4,000 connections that send their request header slowly, renewed as nginx closes them, for
     * 45 s. The app must keep answering real requests and the probes must keep passing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    @Order(2)
    void aSlowHeaderFloodNeitherStarvesTheAppNorTripsLiveness(String path) throws Exception {
        PlayedPod pod = PODS.get(path);
        try (Kubelet kubelet = Kubelet.start(pod)) {
            kubelet.awaitReady(Duration.ofSeconds(30));
            SlowClients flood = SlowClients.start(pod.httpPort, 4000, 45);
            Asked app;
            try (flood) {
                Thread.sleep(3000); // let the flood build up
                app = askEveryTwoSeconds(pod, 40);
            }
            List<Long> took = app.took();
            assertEquals(List.of(), app.failed(), "the app did not answer during the flood (" + flood + ")\n" + pod.logs("nginx"));
            assertEquals(List.of(), kubelet.restarts(), "the flood tripped a liveness probe (" + flood + ")");
            assertTrue(flood.maxOpen >= 3500, "the flood did not build up: " + flood);
            FIGURES.add(String.format("%s slow-header flood: %s; the app answered %d of %d requests (%d-%d ms); restarts 0;"
                    + " readiness lost %d times; nginx readiness probe %s, liveness %s", path, flood, app.answered(), took.size(), took.get(0),
                    took.get(took.size() - 1), kubelet.readinessLost().size(), kubelet.summary("nginx", Kubelet.Kind.READINESS),
                    kubelet.summary("nginx", Kubelet.Kind.LIVENESS)));
        }
    }

    /**
     * A flood that tries to hold 12,000 slow connections, more than nginx's 2 workers x 4,096: nginx
     * holds what fits and sheds the rest (when its connections run low it closes those still waiting
     * for their first byte, and stops accepting while none is free), so the app may answer late and
     * the pod may leave the Service for a while, but nginx is never restarted: its liveness probe is
     * the kernel's handshake on the health port, and a restart would only drop the requests in flight.
     */
    @Test
    @Order(3)
    void aFloodOfMoreConnectionsThanNginxHoldsNeverRestartsIt() throws Exception {
        PlayedPod pod = PODS.get("helm");
        try (Kubelet kubelet = Kubelet.start(pod)) {
            kubelet.awaitReady(Duration.ofSeconds(30));
            SlowClients flood = SlowClients.start(pod.httpPort, 12_000, 40);
            Asked app;
            try (flood) {
                Thread.sleep(5000);
                app = askEveryTwoSeconds(pod, 30);
            }
            assertEquals(List.of(), kubelet.restarts(), "a flood restarted a container (" + flood + ")");
            FIGURES.add(String.format("helm flood of 12,000 attempted connections: %s; the app answered %d of %d requests; restarts 0; readiness lost %d times;"
                    + " nginx readiness %s, liveness %s", flood, app.answered(), app.took().size(), kubelet.readinessLost().size(),
                    kubelet.summary("nginx", Kubelet.Kind.READINESS), kubelet.summary("nginx", Kubelet.Kind.LIVENESS)));
        }
    }

    /**
     * What a kubelet does when one container's liveness fails: that container's preStop hook, then
     * SIGTERM, then a new start. Each stops in seconds (not the grace period), the other container
     * keeps running, and the pod serves again once the container is back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    @Order(4)
    void aContainerRestartedAloneStopsInSeconds(String path) throws Exception {
        PlayedPod pod = PODS.get(path);
        List<String> times = new ArrayList<>();
        for (String name : List.of("php-fpm", "nginx")) {
            String other = name.equals("php-fpm") ? "nginx" : "php-fpm";
            long t = System.nanoTime();
            pod.stopContainer(name, 300);
            awaitState(pod, name, "exited", Duration.ofSeconds(30));
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertTrue(ms < 10_000, name + " took " + ms + " ms to stop alone");
            assertEquals("running", state(pod, other), other + " keeps running while " + name + " restarts");
            if (name.equals("php-fpm")) {
                assertEquals(200, pod.get("/style.css").statusCode(), "nginx serves static files while php-fpm restarts");
            }
            Podman.podman("start", pod.container(name)).check("restarting " + name);
            pod.awaitReady(Duration.ofSeconds(60));
            assertEquals("hello from php\n", pod.get("/").body(), "the pod serves again after " + name + " restarted");
            times.add(name + " " + ms + " ms");
        }
        FIGURES.add(path + " restart of one container (preStop hook + SIGTERM to exited): " + String.join(", ", times));
    }

    private static String state(PlayedPod pod, String container) {
        return Podman.podman("inspect", "--format", "{{.State.Status}}", pod.container(container)).out().strip();
    }

    private static void awaitState(PlayedPod pod, String container, String want, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && !state(pod, container).equals(want)) {
            Thread.sleep(50);
        }
        assertEquals(want, state(pod, container), container);
    }

    /** Editor, backup and source copies baked into the image (build-images.sh) are never served. */
    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    @Order(5)
    void editorAndBackupCopiesAreNeverServed(String path) throws IOException {
        PlayedPod pod = PODS.get(path);
        for (String file : List.of("/index.php~", "/config.php.bak", "/index.php.orig", "/index.php.old", "/index.php.save",
                "/config.php.dist", "/%23index.php%23", "/.index.php.swp", "/config.inc", "/index.php5", "/settings.php.BAK", "/INDEX.PHP~")) {
            HttpResponse<String> r = pod.get(file);
            assertTrue(r.statusCode() == 403 || r.statusCode() == 404, file + " answered " + r.statusCode());
            assertFalse(r.body().contains("SOURCE-LEAK"), file + " leaked its source");
        }
        assertEquals(200, pod.get("/style.css").statusCode());
    }

    @Test
    @Order(6)
    void hiddenAndBackupFilesAreRefusedInsideWritablePathsToo() throws IOException {
        PlayedPod pod = PODS.get("helm");
        for (String name : List.of(".env", "notes.php.bak", "ok.txt")) {
            HttpResponse<String> up = PodE2EIT.upload(pod, name, "SECRET=uploaded " + name);
            assertEquals(200, up.statusCode(), up.body());
        }
        assertEquals("SECRET=uploaded ok.txt", pod.get("/uploads/ok.txt").body(), "a plain upload is served");
        for (String p : List.of("/uploads/.env", "/uploads/notes.php.bak", "/uploads/./.env", "/uploads//.env")) {
            HttpResponse<String> r = pod.get(p);
            assertTrue(r.statusCode() == 403 || r.statusCode() == 404, p + " answered " + r.statusCode());
            assertFalse(r.body().contains("SECRET"), p + " leaked: " + r.body());
        }
    }

    @Test
    @Order(7)
    void theHealthServerTrustsOnlyTheSocketPeer() throws Exception {
        PlayedPod pod = PODS.get("helm");
        // The app server resolves the client address from trusted proxies' header ...
        HttpResponse<String> facts = PlayedPod.send(HttpRequest.newBuilder(pod.uri("/facts")).header("X-Forwarded-For", "203.0.113.9").build());
        assertTrue(facts.body().contains("\"remote_addr\":\"203.0.113.9\""), facts.body());
        // ... the health server never does: X-Forwarded-For: 127.0.0.1 does not open the status page.
        HttpResponse<String> status = PlayedPod.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + pod.healthPort + "/fpm-status?full"))
                .header("X-Forwarded-For", "127.0.0.1").build());
        assertEquals(403, status.statusCode(), status.body());
        // From inside the pod it answers.
        Podman.Result inside = pod.exec("php-fpm", "php", "-r", "echo file_get_contents('http://127.0.0.1:8081/fpm-status');");
        assertTrue(inside.out().contains("pool:") && inside.out().contains("app"), inside.out() + inside.err());
    }

    /**
     * nginx buffers bodies over 16k in /tmp: at most nginx.maxConcurrentUploads (8) at once, so
     * /tmp, sized for them, cannot fill. The ninth upload in progress gets 429; small bodies pass.
     */
    @ParameterizedTest
    @ValueSource(strings = {"helm", "kustomize"})
    @Order(8)
    void uploadsBeyondTheirSlotsAreRefusedBeforeTheyFillTmp(String path) throws Exception {
        PlayedPod pod = PODS.get(path);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                held.add(startUpload(pod));
            }
            Thread.sleep(500);
            try (Socket ninth = startUpload(pod)) {
                assertTrue(statusLine(ninth).startsWith("HTTP/1.1 429"), "the ninth upload in progress is refused");
            }
            HttpResponse<String> small = PodE2EIT.post(pod, "/size", new byte[4096], "application/octet-stream");
            assertEquals(200, small.statusCode(), "small bodies are not counted");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Thread.sleep(500);
        assertEquals(200, PodE2EIT.post(pod, "/size", new byte[200_000], "application/octet-stream").statusCode(), "slots free again");
    }

    private static Socket startUpload(PlayedPod pod) throws IOException {
        Socket s = new Socket("127.0.0.1", pod.httpPort);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /size HTTP/1.1\r\nHost: upload.test\r\nContent-Type: application/octet-stream\r\nContent-Length: 900000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1024]);
        out.flush();
        return s;
    }

    private static String statusLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            b.append((char) c);
        }
        return b.toString();
    }

    /**
     * php-fpm's metrics, scraped from the pod's metrics port as Prometheus would and parsed with
     * Prometheus' own Python text-format parser (Debian's python3-prometheus-client): idle, one
     * worker of the pool is active (the one answering the scrape); with twice as many clients as
     * workers on a slow page, all are. On the default unix socket php-fpm reports no listen queue (Linux
     * counts a TCP backlog only); a third pod on fastcgi.transport tcp shows the queue the load makes.
     */
    @Test
    @Order(9)
    void theMetricsPortShowsTheBusyPoolAndOnTcpItsListenQueue() throws Exception {
        for (String path : List.of("helm", "kustomize")) {
            PlayedPod pod = PODS.get(path);
            Map<String, Double> idle = scrape(pod);
            assertEquals(WORKERS, idle.get("phpfpm_total_processes"), path + " " + idle);
            assertEquals(1.0, idle.get("phpfpm_active_processes"), path + ": only the scrape's own worker is busy " + idle);
            Map<String, Double> busy = scrapeUnderLoad(pod, "/sleep?s=3", 2 * WORKERS);
            // Every worker busy (one may be between two requests as the scrape is served; the scrape's own
            // worker counts, so at least two must be active for the load to show).
            assertTrue(busy.get("phpfpm_active_processes") >= Math.max(2, WORKERS - 1), path + ": every worker busy under load " + busy);
            assertEquals(0.0, busy.get("phpfpm_listen_queue"), path + ": php-fpm counts no queue on a unix socket " + busy);
            FIGURES.add(String.format("%s metrics: active processes %.0f idle, %.0f of %.0f under %d clients", path,
                    idle.get("phpfpm_active_processes"), busy.get("phpfpm_active_processes"), busy.get("phpfpm_total_processes"), 2 * WORKERS));
        }
        try (PlayedPod tcp = PlayedPod.play(E2e.render(work.resolve("deploy-load"), Map.of("fastcgi.transport", "tcp")), "phpod-load-tcp-helm", true, work)) {
            tcp.awaitReady(Duration.ofSeconds(90));
            Map<String, Double> busy = scrapeUnderLoad(tcp, "/sleep?s=3", 3 * WORKERS);
            // The queue below shows the load; of 2 workers one may be between requests as the scrape is served.
            assertTrue(busy.get("phpfpm_active_processes") >= WORKERS - 1, busy.toString());
            assertTrue(busy.get("phpfpm_listen_queue") >= Math.max(1, WORKERS / 2), "on TCP the queue moves with the load ("
                    + 2 * WORKERS + " clients wait): " + busy);
            FIGURES.add(String.format("helm tcp metrics: listen queue %.0f under %d clients on %d workers", busy.get("phpfpm_listen_queue"),
                    3 * WORKERS, WORKERS));
        }
    }

    /** One scrape mid-way through a load of that many clients (each request of the page takes 3 s). */
    private static Map<String, Double> scrapeUnderLoad(PlayedPod pod, String page, int clients) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> load = pool.submit(() -> load(pod, clients, 8, page, Duration.ofSeconds(60), Collections.synchronizedList(new ArrayList<>())));
            Thread.sleep(4000);
            Map<String, Double> m = scrape(pod);
            assertEquals(List.of(), load.get(), "requests lost while scraping");
            return m;
        } finally {
            pool.shutdownNow();
        }
    }

    /** GET /metrics on the pod's metrics port, parsed by prometheus_client's text-format parser: sample name to value. */
    private static Map<String, Double> scrape(PlayedPod pod) throws Exception {
        Integer port = pod.hostPorts.get(9253);
        assertTrue(port != null, "the metrics port is not published: " + pod.hostPorts);
        HttpResponse<String> r = PlayedPod.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).build());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        Path python = Path.of("/usr/bin/python3");
        if (!java.nio.file.Files.isExecutable(python)
                || new ProcessBuilder(python.toString(), "-c", "import prometheus_client").start().waitFor() != 0) {
            dev.phpod.support.RequiredTool.missing("Debian's python3-prometheus-client is not installed; it parses the scraped metrics");
        }
        Process p = new ProcessBuilder(python.toString(), "-c", """
                import sys
                from prometheus_client.parser import text_string_to_metric_families
                for family in text_string_to_metric_families(sys.stdin.read()):
                    for s in family.samples:
                        print(s.name, s.value)
                """).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(r.body().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "the parser refused the page:\n" + out + "\n" + r.body());
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(" ");
            m.put(f[0], Double.parseDouble(f[1]));
        }
        return m;
    }
}
