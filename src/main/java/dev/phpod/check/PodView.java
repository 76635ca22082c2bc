package dev.phpod.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * One workload's pod as the checks see it: which containers are nginx and which php-fpm, their
 * configuration when a ConfigMap of the input holds it, and which emptyDir holds the code.
 */
final class PodView {
    final Workload workload;
    final List<Container> containers;
    final List<Container> inits;
    /** The init containers, then the others: every container the pod runs. */
    final List<Container> all;
    final List<Container> nginx;
    final List<Container> phpFpm;
    /** nginx's configuration from the ConfigMaps its containers mount; null when the input has none. */
    final NginxConfig nginxConfig;
    /** The plain values of nginx's environment, ConfigMap references resolved (an image with baked configuration reads its upstream there). */
    final java.util.Map<String, String> nginxEnv;
    /** php-fpm's pools from the ConfigMaps its containers mount; null when the input has none. */
    final FpmConfig fpmConfig;
    /** php-fpm's environment as plain values, ConfigMap references resolved (php-fpm.conf may read ${NAME} from it). */
    final java.util.Map<String, String> fpmEnv;
    /** php.ini settings from the ConfigMaps php-fpm mounts (the last file read wins, as in PHP's scan dir). */
    final java.util.Map<String, String> phpIni;

    /**
     * The containers that run nginx and php-fpm together: the command starts php-fpm, the image names
     * both, or the container mounts an nginx configuration whose FastCGI stays in the pod (loopback,
     * a unix socket) while no other container is php-fpm. They are among {@link #nginx}.
     */
    final List<Container> allInOne;

    /** The pod of {@code w}; which containers are nginx and php-fpm comes from {@code topology} (names, images, wiring). */
    PodView(Workload w, Inventory inventory, Topology topology) {
        this.workload = w;
        this.containers = w.pod().getContainers() == null ? List.of() : w.pod().getContainers();
        this.inits = w.pod().getInitContainers() == null ? List.of() : w.pod().getInitContainers();
        List<Container> every = new ArrayList<>(inits);
        every.addAll(containers);
        this.all = every;
        Topology.Front front = topology.front(w);
        this.nginx = front.nginx();
        this.nginxConfig = front.config();
        this.nginxEnv = front.env();
        Set<String> targets = topology.fpmByTarget(w);
        this.phpFpm = containers.stream().filter(c -> !nginx.contains(c) && (isPhpFpm(c) || targets.contains(c.getName()) && role(c) == null)).toList();
        boolean loopbackOnly = nginxConfig != null && !nginxConfig.fastcgiAddresses().isEmpty() && nginxConfig.fastcgiAddresses().stream().allMatch(Checks::local);
        // An image that holds both is all-in-one unless the command says which one runs (nginx alone).
        this.allInOne = nginx.stream().filter(c -> words(c).stream().anyMatch(x -> FPM_BINARY.matcher(lower(x)).matches())
                || imageName(c).matches(".*(nginx|openresty).*") && imageName(c).matches(".*(php|fpm).*") && !firstWord(c).matches("(.*/)?(nginx|openresty)")
                || !isNginx(c) && loopbackOnly && phpFpm.isEmpty()).toList();
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        phpFpm.forEach(c -> env.putAll(inventory.env(w, c)));
        this.fpmEnv = java.util.Collections.unmodifiableMap(env);
        List<String> fpmTexts = new ArrayList<>();
        java.util.Map<String, String> ini = new java.util.LinkedHashMap<>();
        phpFpm.forEach(c -> inventory.mountedConfig(w, c).stream().filter(t -> !NginxConfig.looksLikeNginx(t)).forEach(t -> {
            if (FpmConfig.looksLikeFpm(t)) {
                fpmTexts.add(t);
            } else {
                Matcher m = INI_LINE.matcher(t);
                while (m.find()) {
                    ini.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2).strip().replaceAll("^\"|\"$", ""));
                }
            }
        }));
        this.phpIni = java.util.Collections.unmodifiableMap(ini);
        this.fpmConfig = fpmTexts.isEmpty() ? null : FpmConfig.parse(fpmTexts, env);
    }

    /** A php.ini line: {@code key = value}, comments (; #) and sections aside. */
    private static final Pattern INI_LINE = Pattern.compile("(?m)^[ \\t]*([A-Za-z][A-Za-z0-9_.]*)[ \\t]*=[ \\t]*([^;\\n]*)");

    /**
     * A pod this checker is about: it runs php-fpm, or an nginx that passes requests to FastCGI (or
     * whose configuration is not in the input). An nginx that serves only static files is not.
     */
    boolean isPhpPod() {
        return !phpFpm.isEmpty() || !nginx.isEmpty() && (nginxConfig == null || !nginxConfig.fastcgiPasses().isEmpty());
    }

    /**
     * A pod that runs the app's PHP code: a PHP pod, or one whose containers run PHP's CLI (a
     * queue worker, a scheduler, a migration).
     */
    boolean isAppPod() {
        return isPhpPod() || containers.stream().anyMatch(PodView::runsPhpCli) || inits.stream().anyMatch(PodView::runsPhpCli);
    }

    /** PHP's CLI, or a framework's console, in the command or args (also inside a shell script). */
    static boolean runsPhpCli(Container c) {
        return words(c).stream().anyMatch(w -> PHP_CLI.matcher(w).matches());
    }

    private static final Pattern PHP_CLI = Pattern
            .compile("(.*/)?(php[0-9.]*(-cli)?|artisan|bin/console|drush|wp|wp-cli(\\.phar)?|bin/magento|yii|bin/cake|craft)");

    /** An ingress controller, a gateway or a metrics exporter: built on nginx or beside php-fpm, serving no app. */
    static boolean notAnAppServer(Container c) {
        return imageName(c).matches(".*(ingress|exporter|controller|gateway|prometheus).*") || lower(c.getName()).matches(".*(exporter|ingress).*");
    }

    /** nginx serving an app by its name, image or command; not an ingress controller, a gateway or a metrics exporter built on it. */
    static boolean isNginx(Container c) {
        // What a container runs comes first: one image can serve as both (b00gizm/php-nginx runs
        // php5-fpm in one Deployment and nginx in the other), and the one that runs php-fpm is php-fpm.
        if (notAnAppServer(c) || FPM_BINARY.matcher(lower(firstWord(c))).matches()) {
            return false;
        }
        String image = imageName(c);
        return image.matches(".*(nginx|openresty).*") || firstWord(c).matches("(.*/)?nginx") || lower(c.getName()).contains("nginx");
    }

    static boolean isPhpFpm(Container c) {
        String image = imageName(c) + ":" + tag(c.getImage());
        if (image.matches(".*(apache|-cli\\b|:cli\\b).*") && !image.contains("fpm")) {
            return false;
        }
        if (role(c) != null) {
            return false;
        }
        return image.contains("fpm") || words(c).stream().anyMatch(w -> FPM_BINARY.matcher(lower(w)).matches()) || lower(c.getName()).matches(".*(fpm|php).*")
                || ports(c).stream().anyMatch(p -> p.getName() != null && FPM_PORT.matcher(lower(p.getName())).matches())
                || probes(c).anyMatch(words -> words.stream().anyMatch(w -> FPM_BINARY.matcher(lower(w)).matches()));
    }

    /** A port name that says FastCGI (fpm, php-fpm, fastcgi, fcgi): what the container serves, whatever it is called. */
    private static final Pattern FPM_PORT = Pattern.compile("(php-?)?fpm|fastcgi|fcgi");

    /** The words of each exec probe of a container (php-fpm -t, php-fpm-healthcheck …). */
    private static Stream<List<String>> probes(Container c) {
        return Stream.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())
                .filter(p -> p != null && p.getExec() != null && p.getExec().getCommand() != null)
                .map(p -> p.getExec().getCommand().stream().flatMap(x -> java.util.Arrays.stream(x.split("\\s+"))).toList());
    }

    /** A php-fpm binary in the command: php-fpm, php-fpm8.3, /usr/sbin/php-fpm83, php5-fpm, php7.4-fpm. */
    private static final Pattern FPM_BINARY = Pattern.compile("(.*/)?php[0-9.]*-?fpm[0-9.]*");
    /** A PHP script or a framework console run by PHP's CLI: artisan, bin/console, a *.php file. */
    private static final Pattern PHP_SCRIPT = Pattern.compile("(.*/)?(artisan|console|[^\\s]*\\.php)");
    /** Cron daemons, and the official nextcloud image's /cron.sh (busybox crond). */
    private static final Pattern CRON = Pattern.compile("(.*/)?(crond?|cron\\.sh|supercronic|go-crond|yacron|busybox-crond)");
    private static final Pattern EXPORTER = Pattern.compile("(.*/)?php-fpm[_-]exporter|.*exporter.*");

    /**
     * What a container runs when it is not php-fpm although its image or name says fpm: a metrics
     * exporter, a cron daemon, or a PHP CLI command (a queue worker, a console command, a script);
     * null when none of these is its command, or when its command also starts php-fpm.
     */
    static String role(Container c) {
        List<String> w = words(c);
        if (imageName(c).contains("exporter") || w.stream().anyMatch(x -> EXPORTER.matcher(lower(x)).matches())) {
            return "exporter";
        }
        if (w.stream().anyMatch(x -> FPM_BINARY.matcher(lower(x)).matches())) {
            return null;
        }
        if (w.stream().anyMatch(x -> CRON.matcher(lower(x)).matches())) {
            return "cron";
        }
        for (int i = 0; i + 1 < w.size(); i++) {
            if (lower(w.get(i)).matches("(.*/)?php[0-9.]*(-cli)?")) {
                // php [-d key=value ...] SCRIPT
                int j = i + 1;
                if (w.subList(j, w.size()).contains("-S")) {
                    return "PHP built-in server";
                }
                while (j < w.size() && w.get(j).startsWith("-")) {
                    j += w.get(j).matches("-[dc]") ? 2 : 1;
                }
                if (j < w.size() && PHP_SCRIPT.matcher(lower(w.get(j))).matches()) {
                    return "PHP CLI";
                }
            }
        }
        if (!w.isEmpty() && lower(w.get(0)).matches("(.*/)?artisan|bin/console|(.*/)?bin/console")) {
            return "PHP CLI";
        }
        return null;
    }

    /** The last path segment of the image's repository, lower case: "nginx" for docker.io/library/nginx:1.27. */
    static String imageName(Container c) {
        String image = lower(c.getImage()).replaceAll("@.*", "");
        String repo = image.replaceAll(":[^/]*$", "");
        return repo.substring(repo.lastIndexOf('/') + 1);
    }

    private static String tag(String image) {
        String s = lower(image).replaceAll("@.*", "");
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(colon + 1) : "";
    }

    /** An image reference in one spelling: docker.io/library/ and :latest made explicit. */
    static String normalizedImage(String image) {
        String s = image == null ? "" : image.strip();
        String digest = s.contains("@") ? s.substring(s.indexOf('@')) : "";
        String ref = s.replaceAll("@.*", "");
        String first = ref.contains("/") ? ref.substring(0, ref.indexOf('/')) : "";
        if (!first.contains(".") && !first.contains(":") && !first.equals("localhost")) {
            ref = "docker.io/" + (ref.contains("/") ? ref : "library/" + ref);
        }
        if (ref.lastIndexOf(':') <= ref.lastIndexOf('/') && digest.isEmpty()) {
            ref += ":latest";
        }
        return ref + digest;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static String firstWord(Container c) {
        List<String> w = words(c);
        return w.isEmpty() ? "" : w.get(0);
    }

    /** command and args, split into words (a "sh -c" script is split too). */
    static List<String> words(Container c) {
        List<String> out = new ArrayList<>();
        for (String s : script(c).split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s.replaceAll("^[\"']|[\"']$", ""));
            }
        }
        return out;
    }

    /** command and args as one text. */
    static String script(Container c) {
        List<String> all = new ArrayList<>();
        if (c.getCommand() != null) {
            all.addAll(c.getCommand());
        }
        if (c.getArgs() != null) {
            all.addAll(c.getArgs());
        }
        return String.join(" ", all);
    }

    static String postStart(Container c) {
        if (c.getLifecycle() == null || c.getLifecycle().getPostStart() == null || c.getLifecycle().getPostStart().getExec() == null
                || c.getLifecycle().getPostStart().getExec().getCommand() == null) {
            return "";
        }
        return String.join(" ", c.getLifecycle().getPostStart().getExec().getCommand());
    }

    static List<VolumeMount> mounts(Container c) {
        return c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
    }

    static List<ContainerPort> ports(Container c) {
        return c.getPorts() == null ? List.of() : c.getPorts();
    }

    Volume volume(String name) {
        return Inventory.volume(workload, name);
    }

    boolean isEmptyDir(String volume) {
        Volume v = volume(volume);
        return v != null && v.getEmptyDir() != null;
    }

    /** Paths that hold sockets, temporary files, caches, logs or configuration: never the code. */
    static boolean runtimePath(String path) {
        String p = lower(path);
        return p.matches("/(run|var/run|tmp|var/tmp|var/cache|var/log|var/lib/nginx|var/lib/php|dev|etc|proc|sys)(/.*)?")
                || p.matches(".*(sock|session|/tmp|/cache|/logs?)(/.*)?");
    }

    /** Folders that hold what an app writes (uploads, caches): an empty volume there is expected. */
    private static boolean dataPath(String path) {
        String last = lower(path).replaceAll("/+$", "").replaceAll(".*/", "");
        return last.matches("uploads?|storage|files|media|var|data|sites|wp-content|assets|cache|sessions|logs?|tmp|private|shared|persistent");
    }

    private static boolean under(String path, String folder) {
        String f = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        return path.equals(f) || path.startsWith(f + "/");
    }

    /** The mount of {@code c} that holds {@code path}: the longest mount path above it. */
    static Optional<VolumeMount> mountHolding(Container c, String path) {
        return mounts(c).stream().filter(m -> m.getMountPath() != null && under(path, m.getMountPath()))
                .max((a, b) -> Integer.compare(a.getMountPath().length(), b.getMountPath().length()));
    }

    /**
     * The emptyDir volumes that hold the code nginx serves (its {@code root}s, when its configuration
     * is in the input) or that nginx and php-fpm share at a code-like path; with the mount path.
     */
    List<VolumeMount> codeMounts() {
        List<VolumeMount> out = new ArrayList<>();
        for (Container n : nginx) {
            List<String> roots = nginxConfig == null ? List.of() : nginxConfig.roots();
            if (!roots.isEmpty()) {
                for (String root : roots) {
                    mountHolding(n, root).filter(m -> isEmptyDir(m.getName()) && !runtimePath(m.getMountPath())).ifPresent(out::add);
                }
                continue;
            }
            for (VolumeMount m : mounts(n)) {
                if (!isEmptyDir(m.getName()) || runtimePath(m.getMountPath()) || dataPath(m.getMountPath())) {
                    continue;
                }
                boolean nested = mounts(n).stream().anyMatch(o -> o != m && o.getMountPath() != null
                        && !o.getMountPath().equals(m.getMountPath()) && under(m.getMountPath(), o.getMountPath()));
                if (!nested) {
                    out.add(m);
                }
            }
        }
        List<VolumeMount> distinct = new ArrayList<>();
        for (VolumeMount m : out) {
            if (distinct.stream().noneMatch(d -> d.getName().equals(m.getName()))) {
                distinct.add(m);
            }
        }
        return distinct;
    }

    /** Init containers that fill a volume: they mount it, not read-only, and copy or fetch into it. */
    List<Container> initsFilling(String volume) {
        return inits.stream().filter(c -> mounts(c).stream().anyMatch(m -> m.getName().equals(volume) && !Boolean.TRUE.equals(m.getReadOnly())))
                .filter(PodView::fills).toList();
    }

    /** The mount of a volume in a container, if it mounts it. */
    static Optional<VolumeMount> mountOf(Container c, String volume) {
        return mounts(c).stream().filter(m -> Objects.equals(m.getName(), volume)).findFirst();
    }

    private static final Pattern COPY = Pattern.compile("(?:^|[;&|(`]|\\s)(cp|rsync)\\s+([^;&|\\n`)]*)");
    private static final Pattern TAR_FROM = Pattern.compile("\\btar\\s+[^;&|\\n]*?-C\\s+(\\S+)[^;&|\\n]*?\\s-?\\w*c\\w*f?\\b|\\btar\\s+-?\\w*c\\w*\\s[^;&|\\n]*?-C\\s+(\\S+)");

    /** The paths a shell script copies from: every source of cp and rsync, the -C folder of tar c. */
    static List<String> copySources(String script, Container c) {
        List<String> out = new ArrayList<>();
        Matcher m = COPY.matcher(script);
        while (m.find()) {
            List<String> operands = new ArrayList<>();
            for (String w : m.group(2).trim().split("\\s+")) {
                if (!w.isEmpty() && !w.startsWith("-")) {
                    operands.add(expand(w.replaceAll("^[\"']|[\"']$", ""), c));
                }
            }
            for (int i = 0; i < operands.size() - 1; i++) {
                out.add(operands.get(i).replaceAll("/(\\.|\\*)?$", ""));
            }
        }
        Matcher t = TAR_FROM.matcher(script);
        while (t.find()) {
            out.add(expand((t.group(1) != null ? t.group(1) : t.group(2)).replaceAll("^[\"']|[\"']$", ""), c).replaceAll("/$", ""));
        }
        return out;
    }

    /** $NAME and ${NAME} from the container's env values. */
    private static String expand(String word, Container c) {
        if (c.getEnv() == null || !word.contains("$")) {
            return word;
        }
        String out = word;
        for (var e : c.getEnv()) {
            if (e.getValue() != null) {
                out = out.replace("${" + e.getName() + "}", e.getValue()).replace("$" + e.getName(), e.getValue());
            }
        }
        return out;
    }

    private static final Pattern TAR = Pattern.compile("\\btar\\b");
    private static final Pattern FETCH = Pattern.compile("\\b(mv|ln|unzip|git|composer|curl|wget|install|rclone|gsutil|aws|php)\\b");

    /** Whether a script copies files from its own image (cp, rsync, tar). */
    static boolean copies(String script) {
        return COPY.matcher(script).find() || TAR.matcher(script).find();
    }

    private static final Pattern LINK = Pattern.compile("(?:^|[;&|(`]|\\s)ln\\s+-\\w*s");

    /** Whether a hook copies the code in (cp, rsync, tar) or links it into place (ln -s). */
    static boolean copiesOrLinks(String script) {
        return copies(script) || LINK.matcher(script).find();
    }

    /**
     * docker-library images whose entrypoint copies the app into /var/www/html when it is empty,
     * before php-fpm starts, and images built on them that name the app (inveniem/nextcloud-fpm).
     */
    private static final Pattern SELF_COPYING = Pattern.compile("(.*[-_.])?(wordpress|nextcloud|joomla|matomo|friendica)([-_.].*)?");

    /**
     * Whether a container's own entrypoint fills the volume: it runs the fpm variant of a
     * docker-library image that copies the app into /var/www/html at start (WordPress, Nextcloud,
     * Joomla, Matomo, Friendica; not Drupal, whose code stays in /opt/drupal), its command not
     * overridden (args, if any, start php-fpm), and mounts the volume there.
     */
    static boolean entrypointFills(Container c, String volume) {
        String image = lower(c.getImage());
        if (!SELF_COPYING.matcher(imageName(c)).matches() || !(tag(image).contains("fpm") || imageName(c).contains("fpm"))
                || c.getCommand() != null && !c.getCommand().isEmpty()) {
            return false;
        }
        if (c.getArgs() != null && !c.getArgs().isEmpty() && !c.getArgs().get(0).strip().equals("php-fpm")) {
            return false;
        }
        // Any of its mounts of the volume (charts mount one volume several times, by subPath).
        return mounts(c).stream().anyMatch(m -> Objects.equals(m.getName(), volume) && m.getMountPath() != null
                && m.getMountPath().replaceAll("/+$", "").equals("/var/www/html") && !Boolean.TRUE.equals(m.getReadOnly()));
    }

    /**
     * Whether an init container fills a volume: it copies or fetches files into it, or runs its
     * image's own entrypoint (no command), which may. One that only changes owners or modes does not.
     */
    static boolean fills(Container c) {
        String script = script(c);
        return script.isBlank() || copies(script)
                || FETCH.matcher(script).find();
    }
}
