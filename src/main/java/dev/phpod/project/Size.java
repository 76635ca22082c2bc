package dev.phpod.project;

/**
 * How big an environment's containers are: cpu and memory requests and limits of php-fpm and
 * nginx. Both the Helm values file and the Kustomize overlay of an environment are written from
 * this one source. {@code medium} equals the chart's defaults.
 */
public enum Size {
    SMALL(new Resources("50m", "64Mi", "500m", "256Mi"), new Resources("25m", "16Mi", "250m", "64Mi")),
    MEDIUM(new Resources("100m", "128Mi", "2", "512Mi"), new Resources("50m", "32Mi", "1", "128Mi")),
    LARGE(new Resources("500m", "512Mi", "4", "1Gi"), new Resources("100m", "64Mi", "2", "256Mi"));

    /** Requests and limits of one container. */
    public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    }

    private final Resources php;
    private final Resources nginx;

    Size(Resources php, Resources nginx) {
        this.php = php;
        this.nginx = nginx;
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
