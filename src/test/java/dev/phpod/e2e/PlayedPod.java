package dev.phpod.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.phpod.support.Manifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A generated Deployment (with its ConfigMaps) played as one pod by podman kube play, its ports
 * published on 127.0.0.1 only. What the harness changes, and why:
 * <ul>
 * <li>the Deployment becomes a Pod with restartPolicy OnFailure: podman 4.3 restarts init
 * containers under Always;</li>
 * <li>hostPort/hostIP 127.0.0.1 on every container port, to reach the pod from the tests;</li>
 * <li>the probes are removed: podman runs httpGet probes as curl inside the container, which these
 * images lack; {@link Kubelet} runs the rendered probes instead, as a kubelet does;</li>
 * <li>volumes and ConfigMaps are renamed after the pod: podman 4.3 makes an emptyDir a volume named
 * after the manifest's volume, which two pods played side by side would share.</li>
 * <li>a persistentVolumeClaim is played as the podman volume of the claim's name (made on first
 * use, owned by the pod's user; the PersistentVolumeClaim objects themselves are not played): by
 * default renamed after the pod and removed with it, like an emptyDir; with sharedClaims it keeps
 * the claim's name, so every pod played with it mounts the same volume, as the pods of a
 * Deployment mount one ReadWriteMany claim, and the test that plays them removes it.</li>
 * <li>an image volume (code.source image) is played as podman 4.3 can: the image mounted read-only
 * on the host ({@code podman image mount}) and, for each container's mount, a read-only hostPath
 * of the folder its subPath names (kube play ignores subPath on a hostPath), so the container sees
 * the image's folder at its mountPath, as a kubelet mounts an image volume with subPath.</li>
 * </ul>
 * Everything else (images, commands, security contexts, volumes, config) is played as rendered.
 */
final class PlayedPod implements AutoCloseable {
    final String name;
    final int httpPort;
    final int healthPort;
    /** containerPort to the host port it is published on (127.0.0.1). */
    final Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
    /** The containers as rendered, probes included. */
    final List<Container> containers = new ArrayList<>();
    private final Path yamlFile;
    private final List<String> volumes = new ArrayList<>();
    /** Images mounted on the host for image volumes, unmounted with the pod. */
    private final List<String> imageMounts = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PlayedPod(String name, int httpPort, int healthPort, Path yamlFile) {
        this.name = name;
        this.httpPort = httpPort;
        this.healthPort = healthPort;
        this.yamlFile = yamlFile;
    }

    /** Converts the rendered manifests and plays the web pod; returns once it is started (see {@link #awaitReady}). */
    static PlayedPod play(String rendered, String podName, boolean withCopyStep, Path workDir) throws IOException {
        return play(rendered, podName, withCopyStep, workDir, false);
    }

    static PlayedPod play(String rendered, String podName, boolean withCopyStep, Path workDir, boolean sharedClaims) throws IOException {
        return play(rendered, Manifests.parse(rendered).deployment(), podName, withCopyStep, workDir, sharedClaims);
    }

    /**
     * Plays the pod of one command of the app, as a kubelet would start it: a process's Deployment
     * (one replica, played with restartPolicy OnFailure like the web pod), a schedule's CronJob (one
     * run: the pod of its job template, as the CronJob controller would make it at its time), or the
     * release step's Job (restartPolicy Never, as rendered). The object is found by kind and name.
     */
    static PlayedPod playCommand(String rendered, String kind, String objectName, String podName, Path workDir, boolean sharedClaims) throws IOException {
        HasMetadata object = Manifests.parse(rendered).all().stream()
                .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(objectName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + objectName + " in the rendered manifests"));
        return play(rendered, object, podName, true, workDir, sharedClaims);
    }

    @SuppressWarnings("unchecked")
    private static PlayedPod play(String rendered, HasMetadata object, String podName, boolean withCopyStep, Path workDir, boolean sharedClaims)
            throws IOException {
        int http = freePort();
        int health = freePort();
        Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
        List<Object> out = new ArrayList<>();
        List<String> volumeNames = new ArrayList<>();
        List<String> configMaps = new ArrayList<>();
        Map<String, Object> pod = null;
        for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(rendered)) {
            if (!(o instanceof Map<?, ?> doc)) {
                continue;
            }
            String kind = (String) doc.get("kind");
            Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
            if (kind.equals("ConfigMap")) {
                Map<String, Object> cm = new LinkedHashMap<>((Map<String, Object>) doc);
                Map<String, Object> meta = new LinkedHashMap<>(metadata);
                configMaps.add((String) meta.get("name"));
                meta.put("name", podName + "-" + meta.get("name"));
                cm.put("metadata", meta);
                out.add(cm);
            } else if (kind.equals(object.getKind()) && metadata.get("name").equals(object.getMetadata().getName())) {
                Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
                if (kind.equals("CronJob")) {
                    spec = (Map<String, Object>) ((Map<String, Object>) spec.get("jobTemplate")).get("spec");
                }
                Map<String, Object> template = (Map<String, Object>) spec.get("template");
                Map<String, Object> podSpec = new LinkedHashMap<>((Map<String, Object>) template.get("spec"));
                if (kind.equals("Deployment")) {
                    podSpec.put("restartPolicy", "OnFailure");
                }
                if (!withCopyStep) {
                    podSpec.remove("initContainers");
                }
                pod = new LinkedHashMap<>();
                pod.put("apiVersion", "v1");
                pod.put("kind", "Pod");
                pod.put("metadata", Map.of("name", podName, "labels", ((Map<String, Object>) template.get("metadata")).get("labels")));
                pod.put("spec", podSpec);
            }
        }
        if (pod == null) {
            throw new AssertionError("no " + object.getKind() + " " + object.getMetadata().getName() + " to play");
        }
        Map<String, Object> spec = (Map<String, Object>) pod.get("spec");
        for (Object v : (List<Object>) spec.get("volumes")) {
            Map<String, Object> vol = (Map<String, Object>) v;
            vol.put("name", podName + "-" + vol.get("name"));
            volumeNames.add((String) vol.get("name"));
            if (vol.get("configMap") instanceof Map<?, ?> cm) {
                ((Map<String, Object>) cm).put("name", podName + "-" + cm.get("name"));
                volumeNames.add((String) ((Map<String, Object>) cm).get("name"));
            }
            if (!sharedClaims && vol.get("persistentVolumeClaim") instanceof Map<?, ?> pvc) {
                ((Map<String, Object>) pvc).put("claimName", podName + "-" + pvc.get("claimName"));
                volumeNames.add((String) ((Map<String, Object>) pvc).get("claimName"));
            }
        }
        List<Object> all = new ArrayList<>((List<Object>) spec.get("containers"));
        if (spec.get("initContainers") instanceof List<?> inits) {
            all.addAll(inits);
        }
        for (Object c : all) {
            Map<String, Object> container = (Map<String, Object>) c;
            for (Object m : (List<Object>) container.get("volumeMounts")) {
                ((Map<String, Object>) m).put("name", podName + "-" + ((Map<String, Object>) m).get("name"));
            }
            // envFrom a ConfigMap played beside the pod: renamed with it
            if (container.get("envFrom") instanceof List<?> envFrom) {
                for (Object e : envFrom) {
                    if (((Map<String, Object>) e).get("configMapRef") instanceof Map<?, ?> ref && configMaps.contains(ref.get("name"))) {
                        ((Map<String, Object>) ref).put("name", podName + "-" + ref.get("name"));
                    }
                }
            }
        }
        List<String> mountedImages = imageVolumes(spec, all);
        for (Object c : (List<Object>) spec.get("containers")) {
            Map<String, Object> container = (Map<String, Object>) c;
            container.remove("startupProbe");
            container.remove("readinessProbe");
            container.remove("livenessProbe");
            if (container.get("ports") instanceof List<?> ports) {
                for (Object p : ports) {
                    Map<String, Object> port = (Map<String, Object>) p;
                    int host = "http".equals(port.get("name")) ? http : "health".equals(port.get("name")) ? health : freePort();
                    port.put("hostPort", host);
                    port.put("hostIP", "127.0.0.1");
                    hostPorts.put((Integer) port.get("containerPort"), host);
                }
            }
        }
        out.add(pod);
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = workDir.resolve(podName + ".yaml");
        Files.writeString(file, new Yaml(o).dumpAll(out.iterator()));
        PlayedPod played = new PlayedPod(podName, http, health, file);
        played.volumes.addAll(volumeNames);
        played.hostPorts.putAll(hostPorts);
        played.containers.addAll(Manifests.podSpec(object).getContainers());
        played.close(); // leftovers of an earlier, interrupted run
        played.imageMounts.addAll(mountedImages); // after: that close unmounts what the pod mounts
        Podman.Result r = Podman.podman("kube", "play", file.toString());
        if (r.exit() != 0) {
            played.close();
            throw new AssertionError("podman kube play failed:\n" + r.out() + r.err());
        }
        return played;
    }

    /** Runs the rendered probes (see {@link Kubelet}) until every container has started and is ready. */
    void awaitReady(Duration timeout) {
        try (Kubelet kubelet = Kubelet.start(this)) {
            kubelet.awaitReady(timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + logs("nginx") + logs("php-fpm") + logs("copy-code"), e);
        }
    }

    /** Polls until the app port answers at all (for a pod that never becomes ready by design). */
    void awaitListening(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                get(healthPort, "/healthz");
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new AssertionError("pod " + name + " never listened\n" + logs("nginx"));
    }

    HttpResponse<String> get(String path) throws IOException {
        return get(httpPort, path);
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    HttpResponse<String> get(int port, String rawPath) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    URI uri(String rawPath) {
        return URI.create("http://127.0.0.1:" + httpPort + rawPath);
    }

    String container(String c) {
        return name + "-" + c;
    }

    Podman.Result exec(String c, String... cmd) {
        List<String> args = new ArrayList<>(List.of("exec", container(c)));
        args.addAll(List.of(cmd));
        return Podman.podman(args.toArray(String[]::new));
    }

    /**
     * What a kubelet does to stop one container: its preStop hook, as rendered, run in the container
     * (podman does not run hooks), waited for at most timeoutSeconds, then SIGTERM.
     */
    /**
     * Stops a container as the kubelet does: its preStop hook, then SIGTERM, whatever the hook's
     * outcome (a kubelet records a failed hook and goes on). Returns what happened, with times, for
     * the tests' failure messages. When podman itself could not start the exec (exit 125: an OCI
     * runtime error on a loaded machine, not the hook's doing) it is tried once more.
     */
    String stopContainer(String name, long timeoutSeconds) {
        Container c = containers.stream().filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
        List<String> hook = new ArrayList<>(List.of("podman", "exec", container(name)));
        hook.addAll(c.getLifecycle().getPreStop().getExec().getCommand());
        StringBuilder said = new StringBuilder();
        long start = System.nanoTime();
        Podman.Result r = Podman.run(null, timeoutSeconds, hook.toArray(String[]::new));
        said.append(String.format("%s preStop: exit %d after %d ms%s", name, r.exit(), (System.nanoTime() - start) / 1_000_000,
                r.exit() == 0 ? "" : " (" + (r.out() + r.err()).strip() + ")"));
        if (r.exit() == 125) {
            r = Podman.run(null, timeoutSeconds, hook.toArray(String[]::new));
            said.append(String.format("; again: exit %d after %d ms%s", r.exit(), (System.nanoTime() - start) / 1_000_000,
                    r.exit() == 0 ? "" : " (" + (r.out() + r.err()).strip() + ")"));
        }
        Podman.podman("kill", "--signal", "TERM", container(name));
        return said.toString();
    }

    /** The state of a container as podman has it: "running", "exited" ..., and its exit code. */
    String[] state(String c) {
        return Podman.podman("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container(c)).check("inspect").out().strip().split(" ");
    }

    /** Waits until the container has run to its end (a Job's, a CronJob run's) and returns its exit code. */
    int awaitExit(String c, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            String[] s = state(c);
            if (s[0].equals("exited") || s[0].equals("stopped")) {
                return Integer.parseInt(s[1]);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(c + " of " + name + " still runs after " + timeout + "\n" + logs(c));
    }

    /**
     * Stops a container as a kubelet stops a pod without preStop hooks: SIGTERM, then SIGKILL once
     * the grace period is over (podman stop -t). Returns how long it took, in milliseconds.
     */
    long stopAsKubelet(String c, long graceSeconds) {
        long start = System.nanoTime();
        Podman.run(null, graceSeconds + 60, "podman", "stop", "-t", Long.toString(graceSeconds), container(c)).check("podman stop");
        return (System.nanoTime() - start) / 1_000_000;
    }

    String logs(String c) {
        Podman.Result r = Podman.podman("logs", container(c));
        return "--- logs " + c + " ---\n" + r.out() + r.err();
    }

    /** Removes the pod and its volumes, whatever state they are in. */
    @Override
    public void close() {
        Podman.run(null, 120, "podman", "kube", "down", yamlFile.toString());
        Podman.podman("pod", "rm", "-f", "-t", "0", name);
        for (String v : volumes) {
            Podman.podman("volume", "rm", "-f", v);
        }
        for (String image : imageMounts) {
            Podman.podman("image", "unmount", image);
        }
    }

    /**
     * Replaces each image volume (already renamed after the pod) by read-only hostPaths of the image
     * mounted on the host, one per subPath a container mounts; returns the images mounted.
     */
    @SuppressWarnings("unchecked")
    private static List<String> imageVolumes(Map<String, Object> spec, List<Object> containers) {
        List<String> images = new ArrayList<>();
        List<Object> volumes = (List<Object>) spec.get("volumes");
        for (Object v : new ArrayList<>(volumes)) {
            Map<String, Object> vol = (Map<String, Object>) v;
            if (!(vol.get("image") instanceof Map<?, ?> image)) {
                continue;
            }
            String reference = (String) image.get("reference");
            Podman.Result mount = Podman.podman("image", "mount", reference);
            if (mount.exit() != 0) {
                throw new AssertionError("podman image mount " + reference + ":\n" + mount.out() + mount.err());
            }
            images.add(reference);
            Path root = Path.of(mount.out().strip());
            volumes.remove(vol);
            int n = 0;
            for (Object c : containers) {
                for (Object m : (List<Object>) ((Map<String, Object>) c).get("volumeMounts")) {
                    Map<String, Object> vm = (Map<String, Object>) m;
                    if (!vm.get("name").equals(vol.get("name"))) {
                        continue;
                    }
                    String sub = (String) vm.remove("subPath");
                    Path folder = sub == null ? root : root.resolve(sub);
                    if (!java.nio.file.Files.isDirectory(folder)) {
                        throw new AssertionError("the image volume's subPath " + sub + " is not a folder of " + reference
                                + " (a kubelet would refuse to start the container)");
                    }
                    String name = vol.get("name") + "-" + n++;
                    vm.put("name", name);
                    vm.put("readOnly", true);
                    volumes.add(new LinkedHashMap<>(Map.of("name", name, "hostPath", Map.of("path", folder.toString(), "type", "Directory"))));
                }
            }
        }
        return images;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
