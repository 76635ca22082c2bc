package dev.phpod.check;

import java.util.Map;

import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * An object with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
 * Pod), where it was read from, its pod spec, and the pods it asks for.
 *
 * @param replicas       {@code spec.replicas} of a kind that has it (1 when unset, as the API
 *                       defaults it), null for the kinds that have none (Pod, Job, CronJob, DaemonSet)
 * @param ignore         what its {@code phpod.dev/ignore} annotations silence
 * @param containerLines the line of each container (init containers too) by name, when the input
 *                       is a file; empty for the cluster
 * @param labels         its pod template's labels (what Services and NetworkPolicies select); empty when it has none
 */
public record Workload(String kind, String namespace, String name, PodSpec pod, Origin origin, Integer replicas, Ignore ignore,
        Map<String, Integer> containerLines, Map<String, String> labels) {

    public Workload {
        labels = labels == null ? Map.of() : labels;
        nameUnnamed(pod == null ? null : pod.getInitContainers(), "init-container-");
        nameUnnamed(pod == null ? null : pod.getContainers(), "container-");
    }

    /**
     * Containers without a name (Knative's Service and other custom kinds allow it; the platform names
     * them) are named by their place, container-1, container-2 …, so that findings can name them.
     */
    private static void nameUnnamed(java.util.List<io.fabric8.kubernetes.api.model.Container> containers, String prefix) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            if (containers.get(i).getName() == null || containers.get(i).getName().isBlank()) {
                containers.get(i).setName(prefix + (i + 1));
            }
        }
    }

    public Workload(String kind, String namespace, String name, PodSpec pod, Origin origin, Integer replicas, Ignore ignore,
            Map<String, Integer> containerLines) {
        this(kind, namespace, name, pod, origin, replicas, ignore, containerLines, Map.of());
    }

    public Workload(String kind, String namespace, String name, PodSpec pod, Origin origin) {
        this(kind, namespace, name, pod, origin, null);
    }

    public Workload(String kind, String namespace, String name, PodSpec pod, Origin origin, Integer replicas) {
        this(kind, namespace, name, pod, origin, replicas, Ignore.NONE, Map.of());
    }

    /** Where an object was read: a file (or "-") and the line its document starts at; or the cluster. */
    public record Origin(String file, int line) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line : file;
        }

        /** The same file, another line (a container's), when it is known. */
        public Origin at(Integer other) {
            return other == null || other <= 0 ? this : new Origin(file, other);
        }
    }

    /** Whether a label selector (matchLabels or a Service's selector) selects this workload's pods; an empty one selects none here. */
    public boolean selectedBy(Map<String, String> selector) {
        return selector != null && !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** kind/name, with the namespace when there is one: how findings name the object. */
    public String ref() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    /** The namespace as the API would match it: see {@link #namespaceKey(String)}. */
    public String namespaceKey() {
        return namespaceKey(namespace);
    }

    /**
     * An object without a namespace is applied in kubectl's namespace, "default" unless told
     * otherwise: it goes with the objects that say default, and never with a same-named object of
     * every namespace (unset is not a wildcard).
     */
    public static String namespaceKey(String namespace) {
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }
}
