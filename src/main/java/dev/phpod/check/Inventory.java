package dev.phpod.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Everything one check reads: the workloads, the ConfigMaps their containers may mount, and the
 * autoscalers that set how many pods they run. ConfigMaps and autoscalers are found by namespace
 * and name in a map, never by a scan of the input, so a check is linear in the input's size.
 * Namespaces match as the API matches them ({@link Workload#namespaceKey(String)}): an object
 * without one (helm template's output) goes with the others without one and with those in
 * "default", where kubectl applies it (or in the one namespace its file names:
 * {@link ManifestReader#implicitNamespace}), not with a same-named object of every namespace.
 */
public final class Inventory {
    private final List<Workload> workloads = new ArrayList<>();
    /** By namespace and name; a later object of the same name replaces the earlier one, as kubectl apply would. */
    private final Map<String, ConfigMap> configMaps = new HashMap<>();
    /** By namespace, target kind and target name; the first that scales above one pod answers. */
    private final Map<String, Scaler> scalers = new HashMap<>();
    private int objects;

    /**
     * Services by namespace and one label of their selector, those alike (same selector and ports)
     * kept once: a workload finds the Services that select it through its own labels, linearly.
     */
    private final Map<String, Map<String, Service>> services = new HashMap<>();
    /** Services by namespace and name (the first of a name answers): what a FastCGI address names. */
    private final Map<String, Service> servicesByName = new HashMap<>();
    /** Workloads by namespace and one label of their pod template: what a Service's selector finds, linearly. */
    private final Map<String, List<Workload>> workloadsByLabel = new HashMap<>();
    /** PersistentVolumeClaims by namespace and name. */
    private final Map<String, Claim> claims = new HashMap<>();
    /** NetworkPolicies by namespace, those alike (same selector and types) kept once. */
    private final Map<String, Map<String, NetworkPolicy>> policies = new HashMap<>();
    /** Every autoscaler, whatever it scales to, in input order. */
    private final List<Scaler> allScalers = new ArrayList<>();

    /**
     * An object that scales a workload: a HorizontalPodAutoscaler or a KEDA ScaledObject.
     *
     * @param targetKind the kind it scales (a ScaledObject's default: Deployment)
     * @param max        the most pods it runs
     * @param apiVersion as written (autoscaling/v2beta2 …)
     * @param origin     where it was read, its line when known
     * @param ignore     what its own phpod.dev/ignore annotation silences
     */
    public record Scaler(String kind, String namespace, String name, String targetKind, String targetName, int max, String apiVersion,
            Workload.Origin origin, Ignore ignore) {
        public Scaler(String kind, String namespace, String name, String targetKind, String targetName, int max) {
            this(kind, namespace, name, targetKind, targetName, max, null, null, Ignore.NONE);
        }
    }

    /**
     * A Service: what it selects and the ports it exposes.
     *
     * @param selector its spec.selector, empty when it has none (it selects no pod then)
     */
    public record Service(String namespace, String name, Map<String, String> selector, List<ServicePort> ports, Workload.Origin origin) {
    }

    /** One port of a Service; {@code targetPort} a number or a container port's name, as written ({@code port} when unset). */
    public record ServicePort(String name, int port, String targetPort) {
    }

    /** A PersistentVolumeClaim and its access modes. */
    public record Claim(String namespace, String name, List<String> accessModes, Workload.Origin origin) {
    }

    /**
     * A NetworkPolicy: the pods it selects ({@code matchLabels}; {@code expressions} when it has
     * matchExpressions, which are not read) and whether it restricts their ingress.
     */
    public record NetworkPolicy(String namespace, String name, Map<String, String> matchLabels, boolean expressions, boolean ingress) {
        /** Whether it restricts who reaches {@code w}'s pods: an empty selector selects all; one with expressions is taken to. */
        public boolean restricts(Workload w) {
            return ingress && (expressions || matchLabels.isEmpty() || matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(w.labels().get(e.getKey()))));
        }
    }

    public void add(Scaler s) {
        if (s.max() > 1) {
            scalers.putIfAbsent(key(s.namespace(), s.targetKind(), s.targetName()), s);
        }
        allScalers.add(s);
        objects++;
    }

    public void add(Service s) {
        if (!s.selector().isEmpty()) {
            var first = new java.util.TreeMap<>(s.selector()).firstEntry();
            services.computeIfAbsent(key(s.namespace(), first.getKey(), first.getValue()), k -> new java.util.LinkedHashMap<>())
                    .putIfAbsent(new java.util.TreeMap<>(s.selector()) + "\u0000" + s.ports(), s);
        }
        servicesByName.putIfAbsent(key(s.namespace(), s.name()), s);
        objects++;
    }

    public void add(Claim c) {
        claims.put(key(c.namespace(), c.name()), c);
        objects++;
    }

    public void add(NetworkPolicy n) {
        policies.computeIfAbsent(key(n.namespace()), k -> new java.util.LinkedHashMap<>())
                .putIfAbsent(new java.util.TreeMap<>(n.matchLabels()) + "\u0000" + n.expressions() + n.ingress(), n);
        objects++;
    }

    /** The Services of the workload's namespace whose selector selects its pods (those alike once). */
    public List<Service> servicesSelecting(Workload w) {
        List<Service> out = new ArrayList<>();
        for (Map.Entry<String, String> label : w.labels().entrySet()) {
            for (Service s : services.getOrDefault(key(w.namespace(), label.getKey(), label.getValue()), Map.of()).values()) {
                if (w.selectedBy(s.selector()) && !out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The Service of that name in the namespace, null when the input has none. */
    public Service service(String namespace, String name) {
        return servicesByName.get(key(namespace, name));
    }

    /** The workloads of the namespace whose pods a Service's selector selects (an empty selector selects none). */
    public List<Workload> workloadsSelectedBy(String namespace, Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        var first = new java.util.TreeMap<>(selector).firstEntry();
        return workloadsByLabel.getOrDefault(key(namespace, first.getKey(), first.getValue()), List.of()).stream().filter(w -> w.selectedBy(selector)).toList();
    }

    /** The claim of that name in the namespace, null when the input has none. */
    public Claim claim(String namespace, String name) {
        return claims.get(key(namespace, name));
    }

    /** A NetworkPolicy of the workload's namespace that restricts who reaches its pods, if any. */
    public Optional<NetworkPolicy> ingressPolicy(Workload w) {
        return policies.getOrDefault(key(w.namespace()), Map.of()).values().stream().filter(n -> n.restricts(w)).findFirst();
    }

    /** Every autoscaler of the input. */
    public List<Scaler> scalers() {
        return allScalers;
    }

    /** A map key: the namespace (as the API matches it), then the other parts. */
    private static String key(String namespace, String... parts) {
        StringBuilder b = new StringBuilder(Workload.namespaceKey(namespace)).append('\u0000');
        for (String p : parts) {
            b.append(p == null ? "" : p).append('\u0000');
        }
        return b.toString();
    }

    /**
     * Why {@code w} can run more than one pod at once (its replicas, an autoscaler of the input, a
     * DaemonSet's node count), or empty when it runs one.
     */
    public Optional<String> manyPods(Workload w) {
        if (w.kind().equals("DaemonSet")) {
            return Optional.of("a DaemonSet runs a pod on every node");
        }
        Scaler s = scalers.get(key(w.namespace(), w.kind(), w.name()));
        if (s != null) {
            return Optional.of(s.kind() + " " + s.name() + " scales it to " + s.max() + " pods");
        }
        return w.replicas() != null && w.replicas() > 1 ? Optional.of("it runs " + w.replicas() + " replicas") : Optional.empty();
    }

    public void add(Workload w) {
        workloads.add(w);
        w.labels().forEach((k, v) -> workloadsByLabel.computeIfAbsent(key(w.namespace(), k, v), x -> new ArrayList<>()).add(w));
        objects++;
    }

    public void add(ConfigMap c) {
        configMaps.put(key(c.getMetadata() == null ? null : c.getMetadata().getNamespace(), c.getMetadata() == null ? null : c.getMetadata().getName()), c);
        objects++;
    }

    public void countOther() {
        objects++;
    }

    public List<Workload> workloads() {
        return workloads;
    }

    public int objects() {
        return objects;
    }

    /**
     * A container's environment as plain values: {@code value}s, and what {@code configMapKeyRef} and
     * {@code envFrom.configMapRef} read from the ConfigMaps of the input (later entries win, as in
     * the kubelet); a variable whose source is not in the input is left out.
     */
    public Map<String, String> env(Workload w, Container c) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (var from : c.getEnvFrom() == null ? List.<io.fabric8.kubernetes.api.model.EnvFromSource>of() : c.getEnvFrom()) {
            ConfigMap cm = from.getConfigMapRef() == null ? null : configMaps.get(key(w.namespace(), from.getConfigMapRef().getName()));
            if (cm != null && cm.getData() != null) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                cm.getData().forEach((k, v) -> out.put(prefix + k, v));
            }
        }
        for (var e : c.getEnv() == null ? List.<io.fabric8.kubernetes.api.model.EnvVar>of() : c.getEnv()) {
            if (e.getName() == null) {
                continue;
            }
            if (e.getValue() != null) {
                out.put(e.getName(), e.getValue());
            } else if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                ConfigMap cm = configMaps.get(key(w.namespace(), ref.getName()));
                if (cm != null && cm.getData() != null && cm.getData().get(ref.getKey()) != null) {
                    out.put(e.getName(), cm.getData().get(ref.getKey()));
                }
            }
        }
        return out;
    }

    /** The texts of the ConfigMaps a container mounts (whole, by items, or through projected volumes). */
    public List<String> mountedConfig(Workload w, Container c) {
        List<String> out = new ArrayList<>();
        for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            out.addAll(mountedConfig(w, m));
        }
        return out;
    }

    /** The texts of the ConfigMaps one mount shows (whole, by items, or through a projected volume). */
    public List<String> mountedConfig(Workload w, VolumeMount m) {
        List<String> out = new ArrayList<>();
        Volume v = volume(w, m.getName());
        if (v == null) {
            return out;
        }
        List<String> names = new ArrayList<>();
        if (v.getConfigMap() != null) {
            names.add(v.getConfigMap().getName());
        }
        if (v.getProjected() != null && v.getProjected().getSources() != null) {
            v.getProjected().getSources().stream().filter(s -> s.getConfigMap() != null).forEach(s -> names.add(s.getConfigMap().getName()));
        }
        for (String name : names) {
            ConfigMap cm = configMaps.get(key(w.namespace(), name));
            if (cm != null && cm.getData() != null) {
                Map<String, String> data = cm.getData();
                if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
                    if (data.containsKey(m.getSubPath())) {
                        out.add(data.get(m.getSubPath()));
                    }
                } else {
                    out.addAll(data.values());
                }
            }
        }
        return out;
    }

    static Volume volume(Workload w, String name) {
        if (w.pod().getVolumes() == null) {
            return null;
        }
        return w.pod().getVolumes().stream().filter(v -> Objects.equals(v.getName(), name)).findFirst().orElse(null);
    }
}
