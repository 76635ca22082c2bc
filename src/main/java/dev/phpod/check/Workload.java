package dev.phpod.check;

import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * An object with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
 * Pod), where it was read from, its pod spec, and the pods it asks for.
 *
 * @param replicas {@code spec.replicas} of a kind that has it (1 when unset, as the API defaults
 *                 it), null for the kinds that have none (Pod, Job, CronJob, DaemonSet)
 */
public record Workload(String kind, String namespace, String name, PodSpec pod, Origin origin, Integer replicas) {

    public Workload(String kind, String namespace, String name, PodSpec pod, Origin origin) {
        this(kind, namespace, name, pod, origin, null);
    }

    /** Where an object was read: a file (or "-") and the line its document starts at; or the cluster. */
    public record Origin(String file, int line) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line : file;
        }
    }

    /** kind/name, with the namespace when there is one: how findings name the object. */
    public String ref() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
