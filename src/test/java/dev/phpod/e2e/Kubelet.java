package dev.phpod.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;

/**
 * A kubelet stand-in for the probes of a {@link PlayedPod}: podman 4.3 runs httpGet probes as curl
 * inside the container, so the harness strips them and runs the rendered ones here, as a kubelet's
 * probe workers do:
 * <ul>
 * <li>one worker per container and probe; a probe runs every {@code periodSeconds} (first after
 * {@code initialDelaySeconds}), and fails when it takes longer than {@code timeoutSeconds};</li>
 * <li>httpGet: a GET of the path on the container's port (published on 127.0.0.1), 200-399 is a
 * success; tcpSocket: a TCP connect; exec: the command in the container ({@code podman exec}),
 * exit 0 is a success;</li>
 * <li>liveness and readiness run only once the startup probe has succeeded; a container is ready
 * after {@code successThreshold} successes in a row and not ready after {@code failureThreshold}
 * failures in a row; {@code failureThreshold} liveness failures in a row is a restart, which is
 * recorded (the stand-in restarts nothing; a test asserts there was none) and the count starts again.</li>
 * </ul>
 * Not emulated: the kubelet's random start-up jitter, restarts, and probe traffic coming from the
 * node's address rather than through podman's port forwarding.
 */
final class Kubelet implements AutoCloseable {
    enum Kind {
        STARTUP, READINESS, LIVENESS
    }

    /** One probe run: when (ms since start), how long it took, and its outcome. */
    record Run(String container, Kind kind, long atMillis, long tookMillis, boolean ok, String detail) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final PlayedPod pod;
    private final long t0 = System.nanoTime();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubelet-probe");
        t.setDaemon(true);
        return t;
    });
    private final List<Run> runs = Collections.synchronizedList(new ArrayList<>());
    private final List<String> restarts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> readinessLost = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    private Kubelet(PlayedPod pod) {
        this.pod = pod;
    }

    static Kubelet start(PlayedPod pod) {
        Kubelet k = new Kubelet(pod);
        for (Container c : pod.containers) {
            k.ready.put(c.getName(), false);
            k.started.put(c.getName(), new CountDownLatch(1));
            k.workers.submit(() -> k.container(c));
        }
        return k;
    }

    private void container(Container c) {
        try {
            if (c.getStartupProbe() != null && !loop(c, Kind.STARTUP, c.getStartupProbe())) {
                return;
            }
            started.get(c.getName()).countDown();
            if (c.getReadinessProbe() == null) {
                ready.put(c.getName(), true);
            } else {
                workers.submit(() -> loop(c, Kind.READINESS, c.getReadinessProbe()));
            }
            if (c.getLivenessProbe() != null) {
                loop(c, Kind.LIVENESS, c.getLivenessProbe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A probe worker. For the startup probe, returns once it succeeded (true) or gave up (false). */
    private boolean loop(Container c, Kind kind, Probe p) throws InterruptedException {
        long period = seconds(p.getPeriodSeconds(), 10) * 1000;
        int failureThreshold = (int) seconds(p.getFailureThreshold(), 3);
        int successThreshold = (int) seconds(p.getSuccessThreshold(), 1);
        Thread.sleep(seconds(p.getInitialDelaySeconds(), 0) * 1000);
        int failures = 0;
        int successes = 0;
        long next = System.nanoTime();
        while (!stopped) {
            Run r = probe(c, kind, p);
            runs.add(r);
            if (r.ok()) {
                failures = 0;
                successes++;
                if (kind == Kind.STARTUP) {
                    return true;
                }
                if (kind == Kind.READINESS && successes >= successThreshold) {
                    ready.put(c.getName(), true);
                }
            } else {
                successes = 0;
                failures++;
                if (failures >= failureThreshold) {
                    switch (kind) {
                        case STARTUP -> {
                            restarts.add(c.getName() + " startup failed " + failures + " times at " + r.atMillis() + " ms: " + r.detail());
                            return false;
                        }
                        case READINESS -> {
                            if (Boolean.TRUE.equals(ready.put(c.getName(), false))) {
                                readinessLost.add(c.getName() + " not ready at " + r.atMillis() + " ms: " + r.detail());
                            }
                        }
                        case LIVENESS -> {
                            restarts.add(c.getName() + " liveness failed " + failures + " times at " + r.atMillis() + " ms: " + r.detail());
                            failures = 0;
                        }
                    }
                }
            }
            next += period * 1_000_000;
            long wait = (next - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        return false;
    }

    private Run probe(Container c, Kind kind, Probe p) {
        long timeoutMs = seconds(p.getTimeoutSeconds(), 1) * 1000;
        long start = System.nanoTime();
        long at = (start - t0) / 1_000_000;
        boolean ok;
        String detail;
        try {
            if (p.getHttpGet() != null) {
                int port = hostPort(c, p.getHttpGet().getPort());
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + p.getHttpGet().getPath()))
                        .timeout(Duration.ofMillis(timeoutMs)).GET().build(), HttpResponse.BodyHandlers.discarding());
                ok = r.statusCode() >= 200 && r.statusCode() < 400;
                detail = "HTTP " + r.statusCode();
            } else if (p.getTcpSocket() != null) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", hostPort(c, p.getTcpSocket().getPort())), (int) timeoutMs);
                }
                ok = true;
                detail = "connected";
            } else {
                List<String> cmd = new ArrayList<>(List.of("podman", "exec", pod.container(c.getName())));
                cmd.addAll(p.getExec().getCommand());
                Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                proc.getOutputStream().close();
                if (proc.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                    String out = new String(proc.getInputStream().readAllBytes()).strip();
                    ok = proc.exitValue() == 0;
                    detail = "exit " + proc.exitValue() + (out.isEmpty() ? "" : ": " + out);
                } else {
                    proc.destroyForcibly();
                    ok = false;
                    detail = "timed out after " + timeoutMs + " ms";
                }
            }
        } catch (IOException e) {
            ok = false;
            detail = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
            detail = "interrupted";
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        if (ok && took > timeoutMs) {
            ok = false;
            detail = "took " + took + " ms, timeout " + timeoutMs + " ms";
        }
        return new Run(c.getName(), kind, at, took, ok, detail);
    }

    private int hostPort(Container c, IntOrString port) {
        int containerPort = port.getStrVal() == null ? port.getIntVal()
                : c.getPorts().stream().filter(cp -> port.getStrVal().equals(cp.getName())).map(ContainerPort::getContainerPort).findFirst()
                        .orElseThrow(() -> new AssertionError(c.getName() + " has no port named " + port.getStrVal()));
        Integer host = pod.hostPorts.get(containerPort);
        if (host == null) {
            throw new AssertionError(c.getName() + ": port " + containerPort + " is not published");
        }
        return host;
    }

    private static long seconds(Integer v, long dflt) {
        return v == null ? dflt : v;
    }

    /** Waits until every container has passed its startup probe and is ready. */
    void awaitReady(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!restarts.isEmpty()) {
                throw new AssertionError("pod " + pod.name + " did not start: " + restarts);
            }
            if (ready.values().stream().allMatch(b -> b)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("pod " + pod.name + " not ready after " + timeout + ": " + ready + "; last probes: " + last(6));
    }

    boolean ready() {
        return ready.values().stream().allMatch(b -> b);
    }

    /** Liveness (or startup) thresholds reached: each one a container a kubelet would have restarted. */
    List<String> restarts() {
        return List.copyOf(restarts);
    }

    /** Each time a ready container became not ready (the pod left the Service's endpoints). */
    List<String> readinessLost() {
        return List.copyOf(readinessLost);
    }

    List<Run> runs() {
        synchronized (runs) {
            return List.copyOf(runs);
        }
    }

    List<Run> last(int n) {
        List<Run> all = runs();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Median and highest time of the runs of one probe, and how many failed: "median 12 ms, max 40 ms, 0/8 failed". */
    String summary(String container, Kind kind) {
        List<Long> took = new ArrayList<>();
        int failed = 0;
        for (Run r : runs()) {
            if (r.container().equals(container) && r.kind() == kind) {
                took.add(r.tookMillis());
                failed += r.ok() ? 0 : 1;
            }
        }
        if (took.isEmpty()) {
            return "no runs";
        }
        Collections.sort(took);
        return "median " + took.get(took.size() / 2) + " ms, max " + took.get(took.size() - 1) + " ms, " + failed + "/" + took.size() + " failed";
    }

    @Override
    public void close() {
        stopped = true;
        workers.shutdownNow();
    }
}
