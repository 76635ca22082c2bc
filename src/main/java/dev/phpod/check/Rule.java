package dev.phpod.check;

/**
 * What {@code phpod check} finds. The ids are stable (CI configurations and SARIF results name
 * them); each has a section of that name in the README's "Check" chapter.
 */
public enum Rule {
    EMPTY_CODE_VOLUME("empty-code-volume", "The code volume starts empty and nothing fills it"),
    SPLIT_NGINX_PHP_FPM("split-nginx-php-fpm", "nginx and php-fpm run in different workloads"),
    FASTCGI_TO_ANOTHER_POD("fastcgi-to-another-pod", "nginx passes FastCGI to another pod"),
    COPY_SHADOWS_SOURCE("copy-shadows-source", "The copy step mounts the volume over the code it copies"),
    COPY_IMAGE_MISMATCH("copy-image-mismatch", "The code is copied from another image than the one php-fpm runs"),
    COPY_IN_RUNNING_CONTAINER("copy-in-running-container", "The code is copied while the pod already serves"),
    COPY_WITHOUT_MARKER("copy-without-marker", "An interrupted copy passes for a complete one"),
    LIVENESS_THROUGH_PHP_WORKERS("liveness-through-php-workers", "The liveness probe waits for a free php-fpm worker"),
    PROBE_ON_OTHER_CONTAINER_PORT("probe-on-other-container-port", "A probe checks another container's port"),
    FASTCGI_KEEPALIVE_PINS_WORKERS("fastcgi-keepalive-pins-workers", "Kept-alive FastCGI connections can hold every php-fpm worker"),
    POD_SECURITY_RESTRICTED("pod-security-restricted", "The pod does not meet the Pod Security restricted profile"),
    WRITABLE_ROOT_FILESYSTEM("writable-root-filesystem", "The container can write its root filesystem"),
    MIGRATION_PER_POD("migration-per-pod", "Every pod runs the database migration as it starts"),
    SCHEDULER_IN_WEB_POD("scheduler-in-web-pod", "The scheduler runs inside the web pod"),
    DATA_ON_EMPTYDIR("data-on-emptydir", "Uploaded files are kept on a per-pod emptyDir"),
    WORKER_GRACE_SHORTER_THAN_JOB("worker-grace-shorter-than-job", "A queue worker is killed before its job's time limit");

    /** Where the README sections are, relative to phpod's source tree. */
    public static final String DOCS = "README.md#";

    public final String id;
    public final String title;

    Rule(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String help() {
        return DOCS + id;
    }
}
