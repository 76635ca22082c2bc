package dev.phpod.generate;

import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart skeleton's defaults that the Kustomize base needs when phpod writes a project's layout
 * into it: read from the skeleton's own values.yaml, so the two cannot disagree.
 */
final class ChartDefaults {
    /** The size of a writable path's emptyDir without a sizeLimit (deployment.yaml's default). */
    static final String WRITABLE_SIZE_LIMIT = "256Mi";

    private final Map<String, Object> values;

    private ChartDefaults(Map<String, Object> values) {
        this.values = values;
    }

    /** The skeleton is fixed in the build: its values are read once, on first use. */
    private static final class Loaded {
        static final ChartDefaults VALUES = new ChartDefaults(
                new Yaml(new SafeConstructor(new LoaderOptions())).load(Skeleton.chart().file("values.yaml")));
    }

    static ChartDefaults load() {
        return Loaded.VALUES;
    }

    /** A writable path's emptyDir size: its own, or the chart's default. */
    static String sizeLimit(dev.phpod.project.WritablePath w) {
        return w.sizeLimit() == null ? WRITABLE_SIZE_LIMIT : w.sizeLimit();
    }

    /** The pattern of the chart's phpod.denyCopies location (templates/_nginx.conf.tpl) for these extensions. */
    static String denyCopies(List<String> extensions) {
        return "(\\.php[^/]+|~|/#[^/]*#|\\.(" + String.join("|", extensions) + "))$";
    }

    @SuppressWarnings("unchecked")
    private Object at(String... path) {
        Object o = values;
        for (String key : path) {
            o = ((Map<String, Object>) o).get(key);
        }
        return o;
    }

    @SuppressWarnings("unchecked")
    List<String> deniedExtensions() {
        return (List<String>) at("nginx", "deniedExtensions");
    }

    String frontController() {
        return (String) at("nginx", "fastcgi", "frontController");
    }

    /** php-fpm's ephemeral-storage limit, as written in values.yaml. */
    String phpStorageLimit() {
        return String.valueOf(at("php", "resources", "limits", "ephemeral-storage"));
    }

    /** The size of each container's /tmp besides the request bodies it may hold. */
    String tmpSizeLimit() {
        return String.valueOf(at("tmpSizeLimit"));
    }

    /** nginx's ephemeral-storage limit, as written in values.yaml. */
    String nginxStorageLimit() {
        return String.valueOf(at("nginx", "resources", "limits", "ephemeral-storage"));
    }

    /**
     * The MiB of writable emptyDirs the containers' default ephemeral-storage limits leave room for
     * beside the code copy and both /tmp volumes: the sum the chart's phpod.checkStorage refuses to
     * pass (templates/_helpers.tpl), with the chart's defaults.
     */
    long writableRoomMiB() {
        long limits = mib(nginxStorageLimit()) + mib(String.valueOf(at("php", "resources", "limits", "ephemeral-storage")));
        long nginxTmp = tmpMiB(number(at("nginx", "maxConcurrentUploads")));
        long phpTmp = tmpMiB(number(at("php", "fpm", "maxChildren")));
        long code = "Memory".equals(at("code", "medium")) ? 0 : mib(String.valueOf(at("code", "sizeLimit")));
        return limits - (code + 1 + nginxTmp + phpTmp);
    }

    /**
     * What an environment's pool changes in the base, which holds the chart's default pool: php-fpm's
     * /tmp (one upload per worker, as the chart's phpod.phpTmpMiB) and the busy-worker autoscaler's
     * target (autoscaling.targetBusyRatio x workers, as templates/hpa.yaml).
     *
     * @param maxChildren the environment's pm.max_children
     * @param differs     whether it differs from the base's, so that the overlay patches both
     * @param phpTmp      php-fpm's /tmp size limit for it
     * @param busyTarget  the autoscaler's average busy workers per pod for it, in milli-units
     */
    record Pool(int maxChildren, boolean differs, String phpTmp, String busyTarget) {
    }

    Pool pool(int maxChildren) {
        double ratio = ((Number) at("autoscaling", "targetBusyRatio")).doubleValue();
        return new Pool(maxChildren, maxChildren != number(at("php", "fpm", "maxChildren")), tmpMiB(maxChildren) + "Mi",
                Math.round(ratio * maxChildren * 1000) + "m");
    }

    /** A /tmp volume that holds this many request bodies at once, as the chart's phpod.phpTmpMiB and phpod.nginxTmpMiB size it. */
    private long tmpMiB(long bodies) {
        return mib(String.valueOf(at("tmpSizeLimit"))) + bodies * nginxMiB(String.valueOf(at("nginx", "clientMaxBodySize")));
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    /** A Kubernetes quantity in MiB, rounded up (as the chart's phpod.quantityMiB). */
    static long mib(String quantity) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + quantity);
        }
        double bytes = Double.parseDouble(m.group(1)) * switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> 1024d;
            case "Mi" -> 1024d * 1024;
            case "Gi" -> 1024d * 1024 * 1024;
            case "Ti" -> 1024d * 1024 * 1024 * 1024;
            case "k" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            case "T" -> 1e12;
            default -> 1d;
        };
        return (long) Math.ceil(bytes / (1024d * 1024));
    }

    /** An nginx size (16m, 512k, 1g) in MiB, rounded up. */
    private static long nginxMiB(String size) {
        String s = size.toLowerCase();
        long n = Long.parseLong(s.replaceAll("[kmg]$", ""));
        return switch (s.charAt(s.length() - 1)) {
            case 'k' -> (n + 1023) / 1024;
            case 'm' -> n;
            case 'g' -> n * 1024;
            default -> (n + 1024 * 1024 - 1) / (1024 * 1024);
        };
    }

    /**
     * nginx's ephemeral-storage limit for a project whose writable emptyDirs hold this many MiB:
     * the chart's default, raised by what they need past its room (the volumes are the pod's, and the
     * kubelet compares them with the sum of the containers' limits).
     */
    String nginxStorageLimitFor(long writableMiB) {
        long over = writableMiB - writableRoomMiB();
        return over <= 0 ? nginxStorageLimit() : (mib(nginxStorageLimit()) + over) + "Mi";
    }
}
