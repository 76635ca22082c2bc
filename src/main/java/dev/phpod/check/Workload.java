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
 */
public record Workload(String kind, String namespace, String name, PodSpec pod, Origin origin, Integer replicas, Ignore ignore,
        Map<String, Integer> containerLines) {

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

    /** kind/name, with the namespace when there is one: how findings name the object. */
    public String ref() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    /** The namespace as the API would match it: unset is its own value, not a wildcard. */
    public String namespaceKey() {
        return namespace == null ? "" : namespace;
    }
}
