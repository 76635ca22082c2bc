package dev.phpod.project;

/**
 * How big an environment's containers are: cpu and memory requests and limits of php-fpm and
 * nginx, and php-fpm's pool. Both the Helm values file and the Kustomize overlay of an environment
 * are written from this one source. {@code medium} equals the chart's defaults.
 *
 * <p>Each pool fits its memory limit in the worst case the chart checks (templates/_helpers.tpl,
 * phpod.maxChildren): workers x php.ini's memory_limit (128M) + opcache (128M) + 32Mi for the
 * master and the probe pool: small 2 workers need 416 Mi of 512 Mi, medium and large 6 need 928 Mi of
 * 1 Gi. Large keeps 6 workers on its 4 CPUs: more would need more memory and more of php-fpm's
 * /tmp (one upload per worker); a team that wants them sets php.fpm.maxChildren and the limits.
 */
public enum Size {
    SMALL(new Resources("50m", "64Mi", "500m", "512Mi"), new Resources("25m", "16Mi", "250m", "64Mi"), 2),
    MEDIUM(new Resources("100m", "128Mi", "2", "1Gi"), new Resources("50m", "32Mi", "1", "128Mi"), 6),
    LARGE(new Resources("500m", "512Mi", "4", "1Gi"), new Resources("100m", "64Mi", "2", "256Mi"), 6);

    /** Requests and limits of one container. */
    public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    }

    private final Resources php;
    private final Resources nginx;

    private final int maxChildren;

    Size(Resources php, Resources nginx, int maxChildren) {
        this.php = php;
        this.nginx = nginx;
        this.maxChildren = maxChildren;
    }

    /** php-fpm's pm.max_children. */
    public int maxChildren() {
        return maxChildren;
    }

    public Resources php() {
        return php;
    }

    public Resources nginx() {
        return nginx;
    }

    /** The name used in phpod.yaml. */
    public String id() {
        return name().toLowerCase();
    }
}
