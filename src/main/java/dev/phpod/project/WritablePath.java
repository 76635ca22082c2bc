package dev.phpod.project;

/**
 * A folder the app writes (uploads, caches, data): a volume mounted at its path in php-fpm and
 * nginx. nginx serves its files below the docroot (or at {@code urlPath}) and never runs PHP there.
 *
 * @param name            the volume's name, a DNS-1123 label
 * @param path            relative to the code path, or absolute
 * @param sizeLimit       the emptyDir's size limit (a Kubernetes quantity), null for the chart's default
 * @param seed            filled from the image's content at that path when its volume is empty
 * @param urlPath         the URL path nginx serves it at when a link in the docroot leads there, or null
 * @param frontController a missing file goes to the front controller (files made on demand)
 * @param persistent      holds data that must outlive the pod (uploads, media, a SQLite database),
 *                        not scratch (caches, compiled files, logs): a PersistentVolumeClaim per
 *                        environment instead of an emptyDir
 * @param size            the claim's storage request when persistent, null for the default
 */
public record WritablePath(String name, String path, String sizeLimit, boolean seed, String urlPath, boolean frontController,
        boolean persistent, String size) {

    /** The storage a persistent path's claim requests without a size of its own. */
    public static final String DEFAULT_CLAIM_SIZE = "1Gi";

    /** A scratch path: what the pod writes and may lose with it. */
    public WritablePath(String name, String path, String sizeLimit, boolean seed, String urlPath, boolean frontController) {
        this(name, path, sizeLimit, seed, urlPath, frontController, false, null);
    }

    public WritablePath(String name, String path, String sizeLimit, boolean seed, String urlPath, boolean frontController,
            boolean persistent) {
        this(name, path, sizeLimit, seed, urlPath, frontController, persistent, null);
    }

    /** The storage its claim requests. */
    public String claimSize() {
        return size == null ? DEFAULT_CLAIM_SIZE : size;
    }

    /** The URL path nginx serves it at (its urlPath, or its place below the docroot), or null. */
    public String url(String codePath, String docrootPath) {
        String p = absolute(codePath);
        return urlPath != null ? urlPath : p.startsWith(docrootPath + "/") ? p.substring(docrootPath.length()) : null;
    }

    /** The path in the containers. */
    public String absolute(String codePath) {
        return absolute(path, codePath);
    }

    /** A path relative to the code path (or absolute), as an absolute path. */
    static String absolute(String path, String codePath) {
        return path.startsWith("/") ? path : codePath + "/" + path;
    }
}
