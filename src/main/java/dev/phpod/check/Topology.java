package dev.phpod.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * Which containers are nginx and which php-fpm, from how the input wires them as well as from their
 * names: a container is nginx when its name, image or command says so, when its environment gives it
 * a FastCGI upstream ({@code FPM_HOST}, {@code PHP_FPM_HOST}, {@code FASTCGI_PASS} …), or when it
 * mounts an nginx configuration from a ConfigMap of the input under an nginx folder; a container is
 * php-fpm when its name, image or command says so, or when it is where nginx's FastCGI goes: the
 * address of a {@code fastcgi_pass} (or of such an environment value) names a Service of the input,
 * and the Service's port reaches that container's port (9000, or a named port) in the pods it
 * selects, or, inside nginx's pod, the container that declares the port of a loopback fastcgi_pass
 * or mounts the volume of its unix socket. One resolution per address, so a large input stays linear.
 */
final class Topology {

    /**
     * Where one nginx workload's FastCGI goes, resolved through the input.
     *
     * @param address   as nginx names it (fastcgi_pass or an environment value)
     * @param service   the Service of the input it names
     * @param workload  a workload that Service selects
     * @param container the container of that workload whose port the Service reaches
     */
    record Target(String address, Inventory.Service service, Workload workload, String container) {
    }

    /**
     * A workload's nginx containers, the configuration they mount (null when the input has none), and
     * their environment's plain values (see {@link Inventory#env}), in container order.
     */
    record Front(List<Container> nginx, NginxConfig config, Map<String, String> env) {
    }

    private final Map<Workload, Front> fronts = new IdentityHashMap<>();
    private final Map<Workload, Set<String>> fpmByTarget = new IdentityHashMap<>();
    private final Map<Workload, Target> targets = new IdentityHashMap<>();
    private final Map<Workload, Workload> frontOf = new IdentityHashMap<>();

    private Topology() {
    }

    static Topology of(Inventory inventory) {
        Topology t = new Topology();
        for (Workload w : inventory.workloads()) {
            t.fronts.put(w, front(w, inventory));
            t.localFpm(w);
        }
        Map<String, List<Target>> resolved = new HashMap<>();
        for (Workload w : inventory.workloads()) {
            Front f = t.fronts.get(w);
            for (String address : remoteAddresses(f)) {
                String key = Workload.namespaceKey(w.namespace()) + "\u0000" + address.toLowerCase(Locale.ROOT);
                List<Target> found = resolved.get(key);
                if (found == null) {
                    found = t.resolve(w, address, inventory);
                    resolved.put(key, found);
                    for (Target x : found) {
                        t.fpmByTarget.computeIfAbsent(x.workload(), k -> new LinkedHashSet<>()).add(x.container());
                    }
                }
                for (Target x : found) {
                    if (x.workload() != w) {
                        t.targets.putIfAbsent(w, x);
                        t.frontOf.putIfAbsent(x.workload(), w);
                        break;
                    }
                }
            }
        }
        return t;
    }

    Front front(Workload w) {
        return fronts.get(w);
    }

    /** The containers of {@code w} that nginx of the input passes FastCGI to. */
    Set<String> fpmByTarget(Workload w) {
        return fpmByTarget.getOrDefault(w, java.util.Collections.emptySet()); // contains(null) is false: a container may have no name (Knative)
    }

    /** Where {@code w}'s nginx passes FastCGI, when that resolves to another workload of the input. */
    Optional<Target> target(Workload w) {
        return Optional.ofNullable(targets.get(w));
    }

    /** The first nginx workload whose FastCGI resolves to {@code w}. */
    Optional<Workload> frontOf(Workload w) {
        return Optional.ofNullable(frontOf.get(w));
    }

    /** Images of the services that sit beside php-fpm in a pod and never answer FastCGI: databases, caches, proxies, log shippers. */
    // Services match anywhere in the name (bitnami/mariadb-galera); bare utility images only as the
    // whole name, since an app's own build is often called acme/shop-alpine or acme/node-php-app.
    private static final Pattern NOT_PHP = Pattern.compile(".*(mysql|mariadb|postgres|redis|valkey|memcached|mongo|elasticsearch|opensearch|rabbitmq|minio|mailhog|mailpit"
            + "|varnish|haproxy|envoy|istio|linkerd|cloud-sql-proxy|cloudsql|oauth2-proxy|fluent|filebeat|promtail).*|busybox|alpine|curl|node|python|golang|vector");

    /** A container that may run php-fpm: no PHP CLI, cron or exporter by its command, no proxy, database, cache or log shipper by its image. */
    private static boolean mayBePhpFpm(Container c) {
        return PodView.role(c) == null && !PodView.notAnAppServer(c) && !NOT_PHP.matcher(PodView.imageName(c)).matches();
    }

    /** A mount path in an nginx folder (/etc/nginx/…, /opt/bitnami/nginx/conf/…) or of an nginx*.conf file. */
    private static final Pattern NGINX_PATH = Pattern.compile(".*/nginx(/.*|\\.conf)?|.*/nginx[^/]*\\.conf");

    /** Whether a mount is where nginx reads its configuration (see {@link #NGINX_PATH}). */
    private static boolean inNginxFolder(VolumeMount m) {
        return m.getMountPath() != null && NGINX_PATH.matcher(m.getMountPath().toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * nginx passes FastCGI inside its pod (127.0.0.1:PORT, a unix socket): the other container that
     * declares that port, or mounts the volume that holds the socket, is php-fpm; when none declares
     * the port, the one other container that can be (no sidecar, database or cache), whatever its name.
     */
    private void localFpm(Workload w) {
        Front f = fronts.get(w);
        if (f.config() == null) {
            return;
        }
        List<Container> others = (w.pod().getContainers() == null ? List.<Container>of() : w.pod().getContainers()).stream()
                .filter(c -> !f.nginx().contains(c) && PodView.role(c) == null && !PodView.notAnAppServer(c)).toList();
        List<Container> plain = others.stream().filter(Topology::mayBePhpFpm).toList();
        for (String address : f.config().fastcgiAddresses()) {
            if (!Checks.local(address)) {
                continue;
            }
            List<Container> found;
            if (address.toLowerCase(Locale.ROOT).startsWith("unix:")) {
                String socket = address.substring("unix:".length());
                Set<String> volumes = new LinkedHashSet<>();
                f.nginx().forEach(n -> PodView.mountHolding(n, socket).ifPresent(m -> volumes.add(m.getName())));
                found = others.stream().filter(c -> PodView.mounts(c).stream().anyMatch(m -> volumes.contains(m.getName()))).toList();
            } else {
                String port = address.replaceAll(".*:", "");
                found = others.stream().filter(c -> declares(c, port)).toList();
                if (found.isEmpty()) {
                    found = plain.size() == 1 ? plain : List.of();
                }
            }
            if (found.size() == 1) {
                fpmByTarget.computeIfAbsent(w, k -> new LinkedHashSet<>()).add(found.get(0).getName());
            }
        }
    }

    /**
     * Whether nothing but a guess ties {@code w}'s nginx to another workload's php-fpm: its pod has
     * another container that may be its own php-fpm, or nginx mounts its configuration from a
     * ConfigMap the input lacks (so what it passes to is unknown, not baked into its image).
     */
    static boolean mayServeItself(Workload w, Front f, Inventory inventory) {
        List<Container> containers = w.pod().getContainers() == null ? List.of() : w.pod().getContainers();
        boolean sibling = containers.stream().anyMatch(c -> !f.nginx().contains(c) && mayBePhpFpm(c));
        boolean unknownConfig = f.config() == null && f.nginx().stream().flatMap(n -> PodView.mounts(n).stream())
                .anyMatch(m -> inNginxFolder(m)
                        && inventory.mountedConfig(w, m).isEmpty() && Inventory.volume(w, m.getName()) != null
                        && (Inventory.volume(w, m.getName()).getConfigMap() != null || Inventory.volume(w, m.getName()).getProjected() != null));
        return sibling || unknownConfig;
    }

    /** nginx's published images, whose own configuration is a default server of static files (no FastCGI). */
    private static final Pattern STOCK_NGINX = Pattern.compile("(docker\\.io/(library/nginx|nginxinc/nginx-unprivileged|bitnami/nginx|openresty/openresty)"
            + "|ghcr\\.io/nginxinc/nginx-unprivileged|public\\.ecr\\.aws/nginx/nginx|cgr\\.dev/chainguard/nginx)(:.*|@.*)?");

    /**
     * Whether {@code f}'s nginx runs its published image's own configuration: a stock image (nginx,
     * nginx-unprivileged, bitnami/nginx, openresty) with no configuration in the input and nothing
     * mounted where nginx reads its configuration. That default server serves static files and passes
     * no FastCGI, so a Service that publishes php-fpm beside it is no evidence that it fronts it.
     */
    static boolean stockDefault(Front f) {
        return f.config() == null && !f.nginx().isEmpty() && f.nginx().stream().allMatch(n -> STOCK_NGINX.matcher(PodView.normalizedImage(n.getImage())).matches()
                && PodView.mounts(n).stream().noneMatch(Topology::inNginxFolder));
    }

    private static Front front(Workload w, Inventory inventory) {
        List<Container> containers = w.pod().getContainers() == null ? List.of() : w.pod().getContainers();
        List<Container> nginx = containers.stream().filter(c -> isNginx(w, c, inventory)).toList();
        List<String> texts = new ArrayList<>();
        nginx.forEach(c -> inventory.mountedConfig(w, c).stream().filter(NginxConfig::looksLikeNginx).forEach(texts::add));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        nginx.forEach(c -> inventory.env(w, c).forEach(env::putIfAbsent));
        return new Front(nginx, texts.isEmpty() ? null : NginxConfig.parse(texts), env);
    }

    /**
     * nginx by name, image or command; or, for a container that is no php-fpm, exporter or PHP CLI by
     * those, by a FastCGI upstream in its environment or an nginx configuration it mounts.
     */
    static boolean isNginx(Workload w, Container c, Inventory inventory) {
        if (PodView.isNginx(c)) {
            return true;
        }
        if (PodView.notAnAppServer(c) || PodView.isPhpFpm(c) || PodView.role(c) != null || PodView.runsPhpCli(c)) {
            return false;
        }
        return inventory.env(w, c).entrySet().stream().anyMatch(e -> fastcgiEnv(e.getKey(), e.getValue(), true, Set.of()).isPresent())
                || mountsNginxConfig(w, c, inventory);
    }

    /** A mount under an nginx folder (/etc/nginx, /opt/bitnami/nginx/conf …) of a ConfigMap that reads like nginx's configuration. */
    private static boolean mountsNginxConfig(Workload w, Container c, Inventory inventory) {
        for (VolumeMount m : PodView.mounts(c)) {
            if (inNginxFolder(m) && inventory.mountedConfig(w, m).stream().anyMatch(NginxConfig::looksLikeNginx)) {
                return true;
            }
        }
        return false;
    }

    /** Environment variables through which nginx images take their FastCGI upstream (UPSTREAM, FPM_HOST, PHP_UPSTREAM_CONTAINER …). */
    private static final Pattern UPSTREAM_ENV = Pattern.compile("(?i)(?!.*(redis|mysql|maria|postgres|pg_|db_|database|memcache|mail|smtp|session|mongo|elastic|sentry|s3_|cache|debug|ide_|profil))"
            + "(.*(fpm|fastcgi|fcgi|php).*(host|addr|address|server|upstream|pass|backend|endpoint|container|service|svc|url).*"
            + "|(.*_)?upstream(_host|_server|_addr|_address)?|(.*_)?backend(_host|_server|_addr|_address)?)");
    /** A name that says FastCGI or php-fpm itself (FPM_HOST, PHP_FPM_HOST, FASTCGI_PASS), not a generic UPSTREAM. */
    private static final Pattern PHPISH = Pattern.compile("(?i).*(fpm|fastcgi|fcgi|php).*");
    /**
     * A name only nginx's side carries: it says php-fpm or FastCGI (FPM_HOST, FASTCGI_PASS), or PHP
     * with an upstream (PHP_UPSTREAM_CONTAINER); PHP_SERVER_NAME and the like belong to the app.
     */
    private static final Pattern NGINX_SIDE = Pattern.compile("(?i).*(fpm|fastcgi|fcgi).*|.*php.*(upstream|backend|pass).*");
    /** A host (a Service name, an FQDN, an IP), a port if any; tcp:// or fastcgi:// allowed. */
    private static final Pattern HOST_VALUE = Pattern.compile("(?i)(?:tcp://|fastcgi://)?([a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:(\\d+))?/?");

    /**
     * The FastCGI address an environment variable gives an nginx whose configuration is baked into
     * its image: a name that says php-fpm or FastCGI with a host value (a unix socket too); a generic
     * one (UPSTREAM, BACKEND) when its value names php-fpm, port 9000, or one of {@code fastcgiServices}.
     * With {@code phpishOnly}, only the first kind: what makes a container nginx.
     */
    static Optional<String> fastcgiEnv(String envName, String envValue, boolean phpishOnly, Set<String> fastcgiServices) {
        String name = envName == null ? "" : envName;
        String value = envValue == null ? "" : envValue.strip();
        if (!UPSTREAM_ENV.matcher(name).matches()) {
            return Optional.empty();
        }
        boolean phpish = PHPISH.matcher(name).matches();
        if (phpishOnly && !NGINX_SIDE.matcher(name).matches()) {
            return Optional.empty();
        }
        if (phpish && value.toLowerCase(Locale.ROOT).startsWith("unix:")) {
            return Optional.of(value);
        }
        Matcher m = HOST_VALUE.matcher(value);
        if (!m.matches() || m.group(1).matches("\\d+|(?i)true|false|on|off|yes|no|enabled?|disabled?|none") || m.group(1).startsWith("0.0.0.0")) {
            return Optional.empty();
        }
        if (phpish) {
            return Optional.of(value);
        }
        String host = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\..*", "");
        boolean named = value.toLowerCase(Locale.ROOT).matches(".*(php|fpm).*") || "9000".equals(m.group(4)) || fastcgiServices.contains(host);
        return !phpishOnly && named ? Optional.of(value) : Optional.empty();
    }

    /** The environment variables that give nginx a FastCGI address outside its pod (loopback and unix sockets are its own), name and address. */
    static List<Map.Entry<String, String>> remoteEnv(Map<String, String> env, Set<String> fastcgiServices) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        env.forEach((name, value) -> fastcgiEnv(name, value, false, fastcgiServices).filter(v -> !Checks.local(v.replaceFirst("(?i)^(tcp|fastcgi)://", "")))
                .ifPresent(v -> out.add(Map.entry(name, v))));
        return out;
    }

    /** The FastCGI addresses of a front that leave its pod: its configuration's, then its containers' environment's. */
    private static List<String> remoteAddresses(Front f) {
        Set<String> out = new LinkedHashSet<>();
        if (f.config() != null) {
            f.config().fastcgiAddresses().stream().filter(a -> !Checks.local(a)).forEach(out::add);
        }
        remoteEnv(f.env(), Set.of()).forEach(e -> out.add(e.getValue()));
        return new ArrayList<>(out);
    }

    /** host[:port] of a FastCGI address; a Service's DNS name is name[.namespace[.svc[.cluster.local]]]. */
    private static final Pattern ADDRESS = Pattern.compile("(?i)(?:tcp://|fastcgi://)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(?:\\.([a-z0-9]([a-z0-9-]*[a-z0-9])?))?(\\.svc(\\.[a-z0-9.-]+)?)?(?::(\\d+))?/?");

    /** The containers an address reaches through a Service of the input, in the workloads the Service selects. */
    private List<Target> resolve(Workload from, String address, Inventory inventory) {
        Matcher m = ADDRESS.matcher(address.strip());
        if (!m.matches() || address.matches("[0-9.:]+")) {
            return List.of();
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        String namespace = m.group(3) != null ? m.group(3).toLowerCase(Locale.ROOT) : from.namespace();
        Inventory.Service s = inventory.service(namespace, name);
        if (s == null) {
            return List.of();
        }
        String port = m.group(7);
        List<Inventory.ServicePort> ports = s.ports().stream().filter(p -> port == null ? s.ports().size() == 1 : String.valueOf(p.port()).equals(port)).toList();
        List<Target> out = new ArrayList<>();
        for (Inventory.ServicePort p : ports) {
            for (Workload w : inventory.workloadsSelectedBy(s.namespace(), s.selector())) {
                List<Container> containers = w.pod().getContainers() == null ? List.of() : w.pod().getContainers();
                Front f = fronts.get(w);
                List<Container> candidates = containers.stream().filter(c -> !f.nginx().contains(c)).toList();
                List<Container> declaring = candidates.stream().filter(c -> declares(c, p.targetPort())).toList();
                if (declaring.isEmpty() && p.targetPort().matches("\\d+")) {
                    // No container names the port: the only one that is not nginx, a sidecar or a PHP CLI listens on it.
                    List<Container> plain = candidates.stream().filter(Topology::mayBePhpFpm).toList();
                    declaring = plain.size() == 1 ? plain : List.of();
                }
                declaring.forEach(c -> out.add(new Target(address, s, w, c.getName())));
            }
        }
        return out;
    }

    private static boolean declares(Container c, String port) {
        for (ContainerPort cp : PodView.ports(c)) {
            if (port.equals(cp.getName()) || cp.getContainerPort() != null && port.equals(String.valueOf(cp.getContainerPort()))) {
                return true;
            }
        }
        return false;
    }
}
