package dev.phpod.check;

import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * An object with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
 * Pod), where it was read from, and its pod spec.
 */
public record Workload(String kind, String namespace, String name, PodSpec pod, Origin origin) {

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
