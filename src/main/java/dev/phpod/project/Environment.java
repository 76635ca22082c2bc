package dev.phpod.project;

/**
 * One deployment environment (dev, staging, prod ...): where it runs and how big it is.
 *
 * @param name          a DNS-1123 label, used in file names and the default namespace
 * @param namespace     the Kubernetes namespace of the environment
 * @param replicas      pods when autoscaling is off, the minimum when it is on
 * @param autoscaling   a HorizontalPodAutoscaler from replicas to 4 x replicas
 * @param networkPolicy admit traffic only to the HTTP and health ports
 * @param size          cpu and memory of the containers
 * @param disruptionBudget a PodDisruptionBudget (at most one pod down at a time in a drain)
 */
public record Environment(String name, String namespace, int replicas, boolean autoscaling, boolean networkPolicy, Size size,
        boolean disruptionBudget) {

    /** A PodDisruptionBudget only makes sense when more than one pod runs: the default. */
    public static boolean disruptionBudgetByDefault(int replicas, boolean autoscaling) {
        return replicas >= 2 || autoscaling;
    }

    public int maxReplicas() {
        return replicas * 4;
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
