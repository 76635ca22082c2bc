package dev.phpod.project;

import java.util.Map;

/**
 * One deployment environment (dev, staging, prod ...): where it runs, how big it is, how it is
 * reached and where its data lives.
 *
 * @param name          a DNS-1123 label, used in file names and the default namespace
 * @param namespace     the Kubernetes namespace of the environment
 * @param replicas      pods when autoscaling is off, the minimum when it is on
 * @param autoscaling   a HorizontalPodAutoscaler from replicas to 4 x replicas
 * @param networkPolicy admit traffic only to the HTTP, health and metrics ports
 * @param size          cpu and memory of the containers
 * @param disruptionBudget a PodDisruptionBudget (at most one pod down at a time in a drain)
 * @param host          the host name the app is reached at (an Ingress), or null for none
 * @param tls           the Secret holding the host's certificate, or null for plain HTTP
 * @param storageClass  the StorageClass of the data claims, or null for the cluster's default
 * @param existingClaims claims made outside phpod, by writable path name, used instead of phpod's own
 * @param gateway       the Gateway API Gateway an HTTPRoute attaches to (instead of an Ingress), or null
 * @param accessMode    the data claims' access mode as the user set it (ReadWriteOnce for a one-node
 *                      cluster whose storage offers no ReadWriteMany), or null for phpod's choice
 * @param monitoring    a PodMonitor and a PrometheusRule for the pod's metrics port (the cluster runs
 *                      the Prometheus Operator); the metrics port itself is always there
 * @param busyWorkers   the autoscaler holds php-fpm's busy workers per pod at its target instead of
 *                      CPU (a metrics adapter serves it; autoscaling: busyWorkers)
 * @param imageVolume   nginx mounts the app image as an image volume instead of a copy (codeSource:
 *                      image; Kubernetes 1.33+)
 */
public record Environment(String name, String namespace, int replicas, boolean autoscaling, boolean networkPolicy, Size size,
        boolean disruptionBudget, String host, String tls, String storageClass, Map<String, String> existingClaims, Gateway gateway,
        String accessMode, boolean monitoring, boolean busyWorkers, boolean imageVolume) {

    /** A Gateway by name, in the route's namespace when namespace is null. */
    public record Gateway(String name, String namespace) {
    }

    /** An Ingress: a host, and no Gateway. */
    public boolean ingress() {
        return host != null && gateway == null;
    }

    public Environment {
        existingClaims = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(existingClaims));
    }

    public Environment(String name, String namespace, int replicas, boolean autoscaling, boolean networkPolicy, Size size,
            boolean disruptionBudget) {
        this(name, namespace, replicas, autoscaling, networkPolicy, size, disruptionBudget, null, null, null, Map.of(), null, null, false, false, false);
    }

    /** A PodDisruptionBudget only makes sense when more than one pod runs: the default. */
    public static boolean disruptionBudgetByDefault(int replicas, boolean autoscaling) {
        return replicas >= 2 || autoscaling;
    }

    public int maxReplicas() {
        return replicas * 4;
    }

    /** More than one web pod may run at once (besides a rollout's surge). */
    public boolean runsManyPods() {
        return replicas > 1 || autoscaling;
    }

    /** The claim a persistent writable path mounts here, made outside phpod, or null for phpod's own. */
    public String existingClaim(String writable) {
        return existingClaims.get(writable);
    }

    /** Sensible defaults by name: dev is small, prod is highly available. */
    public static Environment defaults(String project, String name) {
        return switch (name) {
            case "dev", "development", "local", "test" -> new Environment(name, project + "-" + name, 1, false, false, Size.SMALL, false);
            case "prod", "production", "live" -> new Environment(name, project + "-" + name, 3, true, true, Size.LARGE, true);
            default -> new Environment(name, project + "-" + name, 2, false, false, Size.MEDIUM, true);
        };
    }
}
