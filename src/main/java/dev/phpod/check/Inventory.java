package dev.phpod.check;

import java.util.ArrayList;
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
 * autoscalers that set how many pods they run.
 */
public final class Inventory {
    private final List<Workload> workloads = new ArrayList<>();
    private final List<ConfigMap> configMaps = new ArrayList<>();
    private final List<Scaler> scalers = new ArrayList<>();
    private int objects;

    /**
     * An object that scales a workload: a HorizontalPodAutoscaler or a KEDA ScaledObject.
     *
     * @param targetKind the kind it scales (a ScaledObject's default: Deployment)
     * @param max        the most pods it runs
     */
    public record Scaler(String kind, String namespace, String name, String targetKind, String targetName, int max) {
    }

    public void add(Scaler s) {
        scalers.add(s);
        objects++;
    }

    /**
     * Why {@code w} can run more than one pod at once (its replicas, an autoscaler of the input, a
     * DaemonSet's node count), or empty when it runs one.
     */
    public Optional<String> manyPods(Workload w) {
        if (w.kind().equals("DaemonSet")) {
            return Optional.of("a DaemonSet runs a pod on every node");
        }
        for (Scaler s : scalers) {
            if (s.max() > 1 && Objects.equals(s.targetName(), w.name()) && Objects.equals(s.targetKind(), w.kind())
                    && sameNamespace(s.namespace(), w.namespace())) {
                return Optional.of(s.kind() + " " + s.name() + " scales it to " + s.max() + " pods");
            }
        }
        return w.replicas() != null && w.replicas() > 1 ? Optional.of("it runs " + w.replicas() + " replicas") : Optional.empty();
    }

    public void add(Workload w) {
        workloads.add(w);
        objects++;
    }

    public void add(ConfigMap c) {
        configMaps.add(c);
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

    /** The texts of the ConfigMaps a container mounts (whole, by items, or through projected volumes). */
    public List<String> mountedConfig(Workload w, Container c) {
        List<String> out = new ArrayList<>();
        for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            Volume v = volume(w, m.getName());
            if (v == null) {
                continue;
            }
            List<String> names = new ArrayList<>();
            if (v.getConfigMap() != null) {
                names.add(v.getConfigMap().getName());
            }
            if (v.getProjected() != null && v.getProjected().getSources() != null) {
                v.getProjected().getSources().stream().filter(s -> s.getConfigMap() != null).forEach(s -> names.add(s.getConfigMap().getName()));
            }
            for (String name : names) {
                for (ConfigMap cm : configMaps) {
                    if (Objects.equals(cm.getMetadata().getName(), name) && sameNamespace(cm.getMetadata().getNamespace(), w.namespace())
                            && cm.getData() != null) {
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
            }
        }
        return out;
    }

    private static boolean sameNamespace(String a, String b) {
        return a == null || b == null || a.equals(b);
    }

    static Volume volume(Workload w, String name) {
        if (w.pod().getVolumes() == null) {
            return null;
        }
        return w.pod().getVolumes().stream().filter(v -> Objects.equals(v.getName(), name)).findFirst().orElse(null);
    }
}
