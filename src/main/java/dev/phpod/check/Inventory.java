package dev.phpod.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/** Everything one check reads: the workloads, and the ConfigMaps their containers may mount. */
public final class Inventory {
    private final List<Workload> workloads = new ArrayList<>();
    private final List<ConfigMap> configMaps = new ArrayList<>();
    private int objects;

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
