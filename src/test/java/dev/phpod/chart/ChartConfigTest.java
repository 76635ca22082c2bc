package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.phpod.generate.ParamTable;
import dev.phpod.support.HelmRunner;
import dev.phpod.support.Manifests;
import dev.phpod.support.Projects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;

/** What the chart puts into nginx.conf, the php-fpm pool, php.ini and the pod, from values. */
class ChartConfigTest {

    private static Manifests render(Map<String, Object> set, Path... values) {
        return Manifests.parse(HelmRunner.template(Projects.skeleton(), List.of(values), set));
    }

    private static String nginxConf(Manifests m) {
        return m.configMap("-nginx").getData().get("nginx.conf");
    }

    /** The app's layout locations, included by nginx.conf before its PHP location. */
    private static String appLocations(Manifests m) {
        String conf = nginxConf(m);
        int include = conf.indexOf("include /etc/phpod/nginx/app-locations.conf;");
        assertTrue(include > 0 && include < conf.indexOf("location ~ [^/]\\.php(/|$)"), "nginx.conf includes the layout before the PHP location:\n" + conf);
        return m.configMap("-nginx").getData().get("app-locations.conf");
    }

    private static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void nginxDefaultsAreSafeAndFast() {
        String conf = nginxConf(render(Map.of()));
        for (String line : List.of("daemon off;", "worker_processes 2;", "pid /run/phpod/nginx.pid;", "error_log stderr warn;", "access_log /dev/stdout;",
                "server_tokens off;", "sendfile on;", "open_file_cache max=10000 inactive=60s;", "listen 8080 default_server reuseport;",
                "listen 8081;", "root /var/www/html/public;", "client_max_body_size 16m;", "client_body_temp_path /tmp/client_body;",
                "server unix:/run/phpod/php-fpm.sock;", "try_files $uri $uri/ /index.php?$query_string;",
                "location ~ /\\. {", "fastcgi_keep_conn off;", "expires 30d;", "fastcgi_read_timeout 60s;",
                "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;")) {
            assertTrue(conf.contains(line), () -> "nginx.conf lacks '" + line + "':\n" + conf);
        }
        // Only existing PHP files reach php-fpm, with the path after them as PATH_INFO.
        String php = conf.substring(conf.indexOf("location ~ [^/]\\.php(/|$) {"));
        assertTrue(php.startsWith("location ~ [^/]\\.php(/|$) {\n            fastcgi_split_path_info ^(.+?\\.php)(/.*)$;\n"
                + "            set $phpod_path_info $fastcgi_path_info;\n            try_files $fastcgi_script_name =404;"), php);
        assertTrue(php.contains("fastcgi_param PATH_INFO $phpod_path_info;"), php);
        assertTrue(conf.indexOf("location ~ [^/]\\.php(/|$)") < conf.indexOf("location ~* \\.(css"),
                "/doku.php/x.png is a PHP route, not a static file");
        assertFalse(conf.contains("keepalive 8;"), "no upstream keepalive by default");
        String shared = nginxConf(render(Map.of("nginx.reusePort", "false")));
        assertTrue(shared.contains("listen 8080 default_server;"), shared);
    }

    @Test
    void fastcgiValuesFlowIntoNginxAndPhpFpm() {
        Manifests m = render(Map.of(), Projects.skeleton().resolve("ci/custom-fastcgi-values.yaml"));
        String conf = nginxConf(m);
        for (String line : List.of("server 127.0.0.1:9001;", "keepalive 1;", "fastcgi_keep_conn on;", "fastcgi_buffering off;",
                "fastcgi_buffer_size 64k;", "fastcgi_buffers 32 32k;", "fastcgi_busy_buffers_size 128k;",
                "fastcgi_connect_timeout 3s;", "fastcgi_send_timeout 120s;", "fastcgi_read_timeout 300s;",
                "fastcgi_param APP_ENV \"staging\";", "fastcgi_param HTTP_X_REQUEST_START \"t=$msec\";",
                "try_files $uri $uri/ /app.php?$query_string;", "index index.php;", "client_max_body_size 64m;", "worker_processes 2;")) {
            assertTrue(conf.contains(line), () -> "nginx.conf lacks '" + line + "':\n" + conf);
        }
        String pool = m.configMap("-php").getData().get("php-fpm.conf");
        assertTrue(pool.contains("listen = 127.0.0.1:9001"), pool);
        assertTrue(pool.contains("pm = static"), pool);
        assertFalse(pool.contains("pm.start_servers"), "static pools take no spare settings");
        String dynamic = render(Map.of("php.fpm.pm", "dynamic")).configMap("-php").getData().get("php-fpm.conf");
        assertTrue(dynamic.contains("pm.start_servers = 3") && dynamic.contains("pm.max_spare_servers = 5"), dynamic);
        assertTrue(pool.contains("request_terminate_timeout = 300s"), pool);
        String ini = m.configMap("-php").getData().get("zz-phpod.ini");
        assertTrue(ini.contains("upload_max_filesize = 64M") && ini.contains("post_max_size = 64M"), ini);
        // Grace period: php-fpm's hook waits 2 s for nginx's mark, drain 5 + read 300 + 10 for nginx to exit,
        // process control 20 + 5 for its workers; then 3 s to exit.
        assertEquals(345L, m.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
    }

    @Test
    void phpFpmPoolAndIniDefaults() {
        Manifests m = render(Map.of());
        String pool = m.configMap("-php").getData().get("php-fpm.conf");
        for (String line : List.of("error_log = /proc/self/fd/2", "daemonize = no", "process_control_timeout = 30s",
                "listen = /run/phpod/php-fpm.sock", "pm = static", "pm.max_children = ${PHPOD_FPM_MAX_CHILDREN}", "pm.max_requests = 0", "pm.status_path = /fpm-status",
                "catch_workers_output = yes", "decorate_workers_output = no", "clear_env = no")) {
            assertTrue(pool.contains(line), () -> "pool lacks '" + line + "':\n" + pool);
        }
        // The probes have a pool of their own: one worker on its own socket that answers only the ping.
        String app = pool.substring(pool.indexOf("[app]"), pool.indexOf("[phpod-probe]"));
        String probe = pool.substring(pool.indexOf("[phpod-probe]"));
        assertFalse(app.contains("ping.path"), "the app pool's workers never answer the probes");
        for (String line : List.of("listen = /run/phpod/php-fpm-probe.sock", "pm = static", "pm.max_children = 1", "ping.path = /fpm-ping",
                "ping.response = pong", "security.limit_extensions = .phpod-probe-only")) {
            assertTrue(probe.contains(line), () -> "probe pool lacks '" + line + "':\n" + probe);
        }
        assertFalse(pool.contains("access.log"), "nginx logs the requests; php-fpm's access log is opt-in");
        assertTrue(render(Map.of("php.fpm.accessLog", true)).configMap("-php").getData().get("php-fpm.conf").contains("access.log = /proc/self/fd/2"));
        String ini = m.configMap("-php").getData().get("zz-phpod.ini");
        for (String line : List.of("opcache.enable = 1", "opcache.validate_timestamps = 0", "upload_max_filesize = 16M", "post_max_size = 16M")) {
            assertTrue(ini.contains(line), () -> "php.ini lacks '" + line + "':\n" + ini);
        }
        assertEquals(115L, m.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
    }

    @Test
    void everyProbeChecksItsOwnContainer() {
        PodSpec pod = render(Map.of()).deployment().getSpec().getTemplate().getSpec();
        Container fpm = container(pod, "php-fpm");
        List<String> ping = List.of("php", "-n", "/etc/phpod/php/fpm-probe.php", "/run/phpod/php-fpm-probe.sock", "/fpm-ping", "pong");
        for (var probe : List.of(fpm.getStartupProbe(), fpm.getReadinessProbe(), fpm.getLivenessProbe())) {
            assertEquals(ping, probe.getExec().getCommand(), "php-fpm: a FastCGI ping on its probe pool, in its own container");
        }
        assertEquals(List.of("php8.2", "-n"), render(Map.of("php.cli", "php8.2")).deployment().getSpec().getTemplate().getSpec().getContainers()
                .get(0).getLivenessProbe().getExec().getCommand().subList(0, 2));
        assertEquals(List.of("php-fpm"), fpm.getCommand());
        assertEquals(List.of("--nodaemonize", "--fpm-config", "/etc/phpod/php/php-fpm.conf"), fpm.getArgs());
        Container nginx = container(pod, "nginx");
        assertEquals("/healthz", nginx.getStartupProbe().getHttpGet().getPath());
        assertEquals("/healthz", nginx.getReadinessProbe().getHttpGet().getPath());
        assertEquals("health", nginx.getLivenessProbe().getTcpSocket().getPort().getStrVal(),
                "nginx is alive while it holds its health port, even when a flood holds every worker connection");
        String conf = nginxConf(render(Map.of()));
        String health = conf.substring(conf.indexOf("listen 8081;"), conf.indexOf("listen 8080"));
        assertFalse(health.contains("/fpm-ping") || health.contains("/livez"), "the health server answers nginx's own checks only:\n" + health);
    }

    @Test
    void thePhpFpmProbeScriptIsShippedBesideThePool() {
        Manifests m = render(Map.of());
        String script = m.configMap("-php").getData().get("fpm-probe.php");
        assertTrue(script.startsWith("<?php\n"), script);
        assertTrue(script.contains("stream_socket_client('unix://' . $socket"), script);
        assertEquals(List.of("fpm-probe.php", "php-fpm.conf", "zz-phpod.ini"), m.configMap("-php").getData().keySet().stream().sorted().toList());
    }

    /** The hooks, read back: each {@code sleep N} and {@code wait_while N} is time the hook may wait. */
    static long hookBound(Container c) {
        String script = c.getLifecycle().getPreStop().getExec().getCommand().get(2);
        long total = 0;
        var m = java.util.regex.Pattern.compile("(?m)(?:^|[;&|]\\s*|then\\s+)(sleep|wait_while) (\\d+)\\b").matcher(script);
        while (m.find()) {
            total += Long.parseLong(m.group(2));
        }
        assertTrue(script.contains("wait_while() { n=$(($1 * 5)); shift; while [ $n -gt 0 ] && \"$@\"; do sleep 0.2;"),
                "every wait goes through the bounded wait_while:\n" + script);
        assertFalse(script.matches("(?s).*(?<![_\\w])while (?!\\[ \\$n -gt 0 \\]).*"), "an unbounded loop in " + c.getName() + "'s hook:\n" + script);
        return total;
    }

    static Stream<Arguments> shutdownValues() {
        return Stream.of(Arguments.of(Map.of()), Arguments.of(Map.of("shutdown.drainSeconds", 0)),
                Arguments.of(Map.of("nginx.fastcgi.readTimeoutSeconds", 300, "php.fpm.processControlTimeoutSeconds", 120)),
                Arguments.of(Map.of("nginx.fastcgi.readTimeoutSeconds", 5, "php.fpm.processControlTimeoutSeconds", 1, "shutdown.drainSeconds", 30)));
    }

    @ParameterizedTest
    @MethodSource("shutdownValues")
    void theGracePeriodCoversWhatTheHooksWaitFor(Map<String, Object> set) {
        PodSpec pod = render(set).deployment().getSpec().getTemplate().getSpec();
        long grace = pod.getTerminationGracePeriodSeconds();
        long nginx = hookBound(container(pod, "nginx"));
        long fpm = hookBound(container(pod, "php-fpm"));
        // The kubelet runs both hooks at once, then sends SIGTERM and waits what is left (at least 2 s).
        assertTrue(grace >= Math.max(nginx, fpm) + 2, "grace " + grace + " s, hooks may wait nginx " + nginx + " s, php-fpm " + fpm + " s");
        assertTrue(grace <= Math.max(nginx, fpm) + 10, "grace " + grace + " s is far above what the hooks wait for (" + fpm + " s)");
        // php-fpm's wait for nginx outlasts nginx's own: a pod stop never cuts nginx's drain short.
        long drain = ((Number) set.getOrDefault("shutdown.drainSeconds", 5)).longValue();
        long read = ((Number) set.getOrDefault("nginx.fastcgi.readTimeoutSeconds", 60)).longValue();
        assertEquals(drain + read + 10, nginx, "nginx: drain, then the read timeout + 10 s for the last response");
        assertTrue(nginxConf(render(set)).contains("worker_shutdown_timeout " + (read + 5) + "s;"), "nginx closes what is left before its hook gives up");
    }

    @Test
    void slowClientsCannotHoldTheWorkerConnections() {
        String conf = nginxConf(render(Map.of()));
        for (String line : List.of("worker_connections 4096;", "worker_rlimit_nofile 18256;", "client_header_timeout 10s;",
                "client_body_timeout 15s;", "send_timeout 30s;", "reset_timedout_connection on;")) {
            assertTrue(conf.contains(line), () -> "nginx.conf lacks '" + line + "':\n" + conf);
        }
        assertFalse(conf.contains("limit_conn phpod_client") || conf.contains("limit_req "), "per-client limits are opt-in");
        String limited = nginxConf(render(Map.of("nginx.limits.connectionsPerClient", 20, "nginx.limits.requestsPerSecondPerClient", 50,
                "nginx.limits.requestBurst", 100, "nginx.workerConnections", 1000)));
        for (String line : List.of("limit_conn_zone $binary_remote_addr zone=phpod_client:10m;", "limit_conn phpod_client 20;",
                "limit_req_zone $binary_remote_addr zone=phpod_rate:10m rate=50r/s;", "limit_req zone=phpod_rate burst=100 nodelay;",
                "limit_conn_status 429;", "worker_rlimit_nofile 12064;")) {
            assertTrue(limited.contains(line), () -> "nginx.conf lacks '" + line + "':\n" + limited);
        }
    }

    @Test
    void backupAndEditorCopiesAreDeniedBeforeStaticFilesAreServed() {
        String conf = nginxConf(render(Map.of()));
        String app = conf.substring(conf.indexOf("listen 8080"));
        int deny = app.lastIndexOf("location ~* \"(\\.php[^/]+|~|/#[^/]*#|\\.(bak|backup|bk|old|orig|save|sav|swp|swo|swn|tmp|rej|dist|inc))$\" {");
        assertTrue(deny > 0, app);
        // nginx takes the first matching regex: before the static files; after the PHP location, which
        // never matches a copy (a name with more after ".php" is no PHP request).
        assertTrue(deny < app.indexOf("location ~* \\.(css") && deny > app.indexOf("location ~ [^/]\\.php(/|$)"), app);
        assertTrue(nginxConf(render(Map.of("nginx.deniedExtensions[0]", "sql", "nginx.deniedExtensions[1]", "log"))).contains("|\\.(sql|log))$\" {"));
    }

    @Test
    void tmpVolumesAreSizedForTheBodiesTheyHold() {
        PodSpec pod = render(Map.of()).deployment().getSpec().getTemplate().getSpec();
        // php-fpm: 64Mi + 6 workers x 16m; nginx: 64Mi + 8 upload slots x 16m.
        assertEquals("160Mi", sizeLimit(pod, "php-tmp"));
        assertEquals("192Mi", sizeLimit(pod, "nginx-tmp"));
        String conf = nginxConf(render(Map.of()));
        String php = conf.substring(conf.indexOf("location ~ [^/]\\.php(/|$) {"));
        php = php.substring(0, php.indexOf("\n        }\n"));
        assertTrue(php.contains("limit_conn phpod_uploads 8;"), "the upload slots apply to PHP requests:\n" + php);
        assertEquals(1, conf.split("limit_conn phpod_uploads", -1).length - 1, "and only there (static files skip the map)");
        String limited = nginxConf(render(Map.of("nginx.limits.connectionsPerClient", 20)));
        String limitedPhp = limited.substring(limited.indexOf("location ~ [^/]\\.php(/|$) {"));
        assertTrue(limitedPhp.substring(0, limitedPhp.indexOf("\n        }\n")).contains("limit_conn phpod_client 20;"),
                "a location with its own limit_conn does not inherit the server's, so the per-client limit is repeated");
        PodSpec big = render(Map.of("nginx.clientMaxBodySize", "100m", "php.fpm.maxChildren", 4, "nginx.maxConcurrentUploads", 2, "tmpSizeLimit", "1Gi",
                "nginx.resources.limits.ephemeral-storage", "3Gi")).deployment().getSpec().getTemplate().getSpec();
        assertEquals("1424Mi", sizeLimit(big, "php-tmp"));
        assertEquals("1224Mi", sizeLimit(big, "nginx-tmp"));
        assertEquals("66Mi", sizeLimit(render(Map.of("nginx.clientMaxBodySize", "512k", "php.fpm.maxChildren", 2)).deployment().getSpec().getTemplate()
                .getSpec(), "php-tmp"), "sizes round up to whole MiB");
    }

    /**
     * The pool fits php-fpm's memory limit: workers x budget (php.fpm.workerMemory, else
     * php.ini.memoryLimit) + opcache + the reserve must stay under it; a count past it is refused
     * naming the values, and {@code auto} takes as many workers as fit. php-fpm reads the count from
     * the container's environment, so the /tmp volume and the busy-worker target follow it.
     */
    @Test
    void thePoolIsSizedAgainstTheMemoryLimitAndRefusedWhereItCannotFit(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.util.function.Function<Manifests, String> workers = m -> env(m.deployment().getSpec().getTemplate().getSpec().getContainers()
                .stream().filter(c -> c.getName().equals("php-fpm")).findFirst().orElseThrow(), "PHPOD_FPM_MAX_CHILDREN");
        assertEquals("6", workers.apply(render(Map.of())), "the defaults: 6 x 128 + 128 + 32 = 928 Mi of 1 Gi");
        for (Object[] c : new Object[][] {
                { "1Gi", "", 6 }, { "512Mi", "", 2 }, { "1Gi", "48M", 18 }, { "2G", "", 13 }, { "288Mi", "", 1 }, { "1Gi", "1G", 0 } }) {
            Map<String, Object> set = Map.of("php.fpm.maxChildren", "auto", "php.resources.limits.memory", c[0], "php.fpm.workerMemory", c[1]);
            if ((int) c[2] == 0) {
                Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> render(set));
                assertTrue(e.getMessage().contains("php.fpm.maxChildren auto: php.resources.limits.memory 1024 Mi cannot hold one worker of 1024 Mi"
                        + " (php.fpm.workerMemory) beside php.ini.opcacheMemory 128 Mi and php.fpm.reservedMemory 32 Mi: raise the limit to at least 1184 Mi"),
                        e.getMessage());
                continue;
            }
            Manifests m = render(set);
            assertEquals(String.valueOf(c[2]), workers.apply(m), java.util.Arrays.toString(c));
            assertEquals((64 + 16 * (int) c[2]) + "Mi", sizeLimit(m.deployment().getSpec().getTemplate().getSpec(), "php-tmp"),
                    "one upload per worker in php-fpm's /tmp");
        }
        Exception over = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> render(Map.of("php.fpm.maxChildren", 7)));
        assertTrue(over.getMessage().contains("php-fpm may need 1056 Mi (php.fpm.maxChildren 7 x 128 Mi from php.ini.memoryLimit + php.ini.opcacheMemory 128 Mi"
                + " + php.fpm.reservedMemory 32 Mi) but php.resources.limits.memory is 1024 Mi, and the kernel kills php-fpm past it:"
                + " raise the limit to at least 1056 Mi, lower php.fpm.maxChildren to 6, or set it to auto"), over.getMessage());
        Exception oldDefault = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> render(Map.of("php.ini.memoryLimit", "256M", "php.resources.limits.memory", "512Mi")));
        assertTrue(oldDefault.getMessage().contains("php-fpm may need 1696 Mi"), "the defaults of before: " + oldDefault.getMessage());
        // A budget below memory_limit fits more workers (and phpod check warns of the worst case).
        assertEquals("12", workers.apply(render(Map.of("php.fpm.maxChildren", 12, "php.fpm.workerMemory", "64M"))));
        Path minusOne = dir.resolve("unbounded.yaml");
        java.nio.file.Files.writeString(minusOne, "php:\n  ini:\n    memoryLimit: \"-1\"\n");
        Exception unbounded = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> render(Map.of(), minusOne));
        assertTrue(unbounded.getMessage().contains("php.ini.memoryLimit -1 gives no budget per worker to fit the pool in php.resources.limits.memory:"
                + " set php.fpm.workerMemory to what a worker uses at its peak"), unbounded.getMessage());
        assertEquals("6", workers.apply(render(Map.of("php.fpm.workerMemory", "128M"), minusOne)));
        assertEquals("4", workers.apply(render(Map.of("php.ini.opcacheMemory", 512, "php.fpm.maxChildren", "auto", "php.fpm.reservedMemory", "0"))),
                "(1024 - 512 - 0) / 128");
        // Without a memory limit a count stands as given, and auto has nothing to fit.
        Path unlimited = dir.resolve("unlimited.yaml");
        java.nio.file.Files.writeString(unlimited, "php:\n  resources:\n    limits:\n      memory: null\n");
        assertEquals("40", workers.apply(render(Map.of("php.fpm.maxChildren", 40), unlimited)));
        Exception noLimit = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> render(Map.of("php.fpm.maxChildren", "auto"), unlimited));
        assertTrue(noLimit.getMessage().contains("php.fpm.maxChildren auto sizes the pool from php.resources.limits.memory, which is not set"), noLimit.getMessage());
        Exception word = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> render(Map.of("php.fpm.maxChildren", "many")));
        assertTrue(word.getMessage().contains("maxChildren"), word.getMessage());
    }

    /**
     * Kept-alive FastCGI connections each hold a php-fpm worker: every nginx worker keeps at most
     * (maxChildren - 1) / (2 x workers), at most 8, so that idle connections never hold half the pool.
     */
    @Test
    void fastcgiKeepaliveIsSizedFromThePoolAndRefusedWhereItCannotFit() {
        for (Object[] c : new Object[][] { { 2, 8, 1 }, { 2, 21, 5 }, { 1, 40, 8 }, { 4, 9, 1 } }) {
            String conf = nginxConf(render(Map.of("nginx.fastcgi.keepConn", true, "nginx.workerProcesses", c[0], "php.fpm.maxChildren", c[1],
                    "php.resources.limits.memory", "8Gi")));
            assertTrue(conf.contains("keepalive " + c[2] + ";"), () -> java.util.Arrays.toString(c) + "\n" + conf);
        }
        Exception auto = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> render(Map.of("nginx.fastcgi.keepConn", true, "nginx.workerProcesses", "auto")));
        assertTrue(auto.getMessage().contains("nginx.fastcgi.keepConn needs a number in nginx.workerProcesses (not auto)"), auto.getMessage());
        Exception small = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> render(Map.of("nginx.fastcgi.keepConn", true, "nginx.workerProcesses", 3, "php.fpm.maxChildren", 6)));
        assertTrue(small.getMessage().contains("raise php.fpm.maxChildren to at least 7"), small.getMessage());
    }

    @Test
    void valuesThatCouldGetThePodEvictedAreRefused() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> render(Map.of("nginx.clientMaxBodySize", "200m")));
        assertTrue(e.getMessage().contains("the pod's volumes may hold 3441 Mi") && e.getMessage().contains("add up to 1792 Mi")
                && e.getMessage().contains("raise nginx.resources.limits.ephemeral-storage to at least 3185 Mi"), e.getMessage());
        render(Map.of("nginx.clientMaxBodySize", "200m", "nginx.resources.limits.ephemeral-storage", "3401Mi"));
        render(Map.of("nginx.clientMaxBodySize", "200m", "code.medium", "Memory", "nginx.resources.limits.ephemeral-storage", "3Gi"));
    }

    @Test
    void theNetworkPolicyLeavesTheHealthPortToTheNode() {
        var np = render(Map.of("networkPolicy.enabled", true)).one(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class);
        assertEquals(1, np.getSpec().getIngress().size(), "only the HTTP port is open to other pods");
        assertEquals("http", np.getSpec().getIngress().get(0).getPorts().get(0).getPort().getStrVal());
        Manifests m = render(Map.of(), Projects.skeleton().resolve("ci/all-on-values.yaml"));
        var rules = m.one(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class).getSpec().getIngress();
        assertEquals(2, rules.size());
        assertEquals("health", rules.get(1).getPorts().get(0).getPort().getStrVal());
        assertEquals("monitoring", rules.get(1).getFrom().get(0).getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
    }

    private static String sizeLimit(PodSpec pod, String volume) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst().orElseThrow().getEmptyDir().getSizeLimit().toString();
    }

    @Test
    void whatApacheProtectsWithHtaccessIsDeniedByPath() {
        String conf = appLocations(render(Map.of("nginx.deniedPaths[0]", "/data", "nginx.deniedPaths[1]", "/conf")));
        for (String p : List.of("/data", "/conf")) {
            assertTrue(conf.contains("location = " + p + " {\n    deny all;") && conf.contains("location ^~ " + p + "/ {\n    deny all;"), conf);
        }
        assertFalse(appLocations(render(Map.of())).contains("deny all"), "none by default");
    }

    @Test
    void sessionsGoWhereTheyCanBeWrittenAndAreCollected() {
        String ini = render(Map.of()).configMap("-php").getData().get("zz-phpod.ini");
        for (String line : List.of("session.save_path = \"/tmp\"", "session.gc_probability = 1", "session.gc_divisor = 100")) {
            assertTrue(ini.contains(line), () -> "php.ini lacks '" + line + "':\n" + ini);
        }
        assertTrue(render(Map.of("php.sessions.path", "/var/www/html/var/sessions")).configMap("-php").getData().get("zz-phpod.ini")
                .contains("session.save_path = \"/var/www/html/var/sessions\""));
        assertFalse(render(Map.of("php.sessions.path", "")).configMap("-php").getData().get("zz-phpod.ini").contains("session."),
                "\"\" keeps the image's session settings");
    }

    @Test
    void volumesFollowTheCopyScope() {
        PodSpec docroot = render(Map.of()).deployment().getSpec().getTemplate().getSpec();
        assertEquals("/var/www/html/public", mount(container(docroot, "nginx"), "code").getMountPath());
        assertTrue(container(docroot, "php-fpm").getVolumeMounts().stream().noneMatch(v -> v.getName().equals("code")),
                "with scope docroot php-fpm runs the code of its own image");
        assertEquals("/var/www/html/public", env(docroot.getInitContainers().get(0), "PHPOD_COPY_SOURCE"));

        PodSpec full = render(Map.of("code.scope", "full", "code.medium", "Memory")).deployment().getSpec().getTemplate().getSpec();
        assertEquals("/var/www/html", mount(container(full, "nginx"), "code").getMountPath());
        assertEquals("/var/www/html", mount(container(full, "php-fpm"), "code").getMountPath());
        assertEquals("/var/www/html", env(full.getInitContainers().get(0), "PHPOD_COPY_SOURCE"));
        assertEquals("Memory", full.getVolumes().stream().filter(v -> v.getName().equals("code")).findFirst().orElseThrow().getEmptyDir().getMedium());
        assertTrue(nginxConf(render(Map.of("code.scope", "full"))).contains("root /var/www/html/public;"));
    }

    @Test
    void writablePathsAreSharedAndNeverRunPhp() {
        Manifests m = render(Map.of(), Projects.skeleton().resolve("ci/all-on-values.yaml"));
        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();
        for (String c : List.of("php-fpm", "nginx")) {
            assertEquals("/var/www/html/public/uploads", mount(container(pod, c), "writable-uploads").getMountPath());
            assertEquals("/var/www/html/var/cache", mount(container(pod, c), "writable-cache").getMountPath());
        }
        String conf = nginxConf(m);
        String layout = appLocations(m);
        String uploads = layout.substring(layout.indexOf("location ^~ /uploads/ {"));
        uploads = uploads.substring(0, uploads.indexOf("\n}\n") + 2);
        assertTrue(uploads.contains("location ~ /\\. {\n        deny all;"), "dot-files are refused inside writable paths too:\n" + uploads);
        assertTrue(uploads.contains("location ~* \"(\\.php[^/]+|~|"), "so are editor and backup copies:\n" + uploads);
        assertTrue(uploads.contains("try_files $uri =404;"), uploads);
        assertTrue(uploads.contains("open_file_cache off;"), "an upload is served as soon as it exists:\n" + uploads);
        assertFalse(uploads.contains("fastcgi_pass"), uploads);
        assertFalse(layout.contains("location ^~ /var/cache"), "paths outside the docroot get no location");
        String health = conf.substring(conf.indexOf("listen 8081;"), conf.indexOf("listen 8080"));
        String app = conf.substring(conf.indexOf("listen 8080"));
        assertTrue(app.contains("set_real_ip_from 10.0.0.0/8;") && app.contains("real_ip_header X-Forwarded-For;"), app);
        assertFalse(health.contains("real_ip") || conf.substring(0, conf.indexOf("listen 8081;")).contains("real_ip"),
                "the health server trusts the socket peer only, so X-Forwarded-For: 127.0.0.1 cannot open the status page:\n" + conf);
        assertTrue(conf.contains("        location = /robots.txt {"), "the server snippet is indented into the server block");
    }

    @Test
    void writablePathsReachedThroughALinkOrMadeOnDemand() {
        Manifests m = render(Map.of("writablePaths[0].name", "storage", "writablePaths[0].path", "/var/www/html/storage",
                "writablePaths[0].urlPath", "/storage", "writablePaths[1].name", "files",
                "writablePaths[1].path", "/var/www/html/public/sites/default/files", "writablePaths[1].frontController", true));
        String layout = appLocations(m);
        String storage = layout.substring(layout.indexOf("location ^~ /storage/ {"));
        storage = storage.substring(0, storage.indexOf("\n}\n") + 2);
        assertTrue(storage.contains("try_files $uri =404;") && storage.contains("open_file_cache off;") && !storage.contains("fastcgi_pass"),
                "a path outside the docroot, served at its urlPath (Laravel's public/storage link), as static files only:\n" + storage);
        String files = layout.substring(layout.indexOf("location ^~ /sites/default/files/ {"));
        files = files.substring(0, files.indexOf("\n}\n") + 2);
        assertTrue(files.contains("try_files $uri /index.php?$query_string;"), "a missing file goes to the front controller:\n" + files);
        assertFalse(files.contains("fastcgi_pass"), files);
    }

    @Test
    void twoLocationsForOneUrlAreRefused() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> render(Map.of("writablePaths[0].name", "uploads", "writablePaths[0].path", "/var/www/html/public/uploads",
                        "writablePaths[1].name", "media", "writablePaths[1].path", "/srv/media", "writablePaths[1].urlPath", "/uploads")));
        assertTrue(e.getMessage().contains("writablePaths media: /uploads is also the URL of writablePaths uploads; nginx allows one location per path"),
                e.getMessage());
        IllegalStateException w = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> render(Map.of("writablePaths[0].name", "acme", "writablePaths[0].path", "/srv/acme", "writablePaths[0].urlPath", "/.well-known")));
        assertTrue(w.getMessage().contains("is also the URL of the chart's /.well-known location"), w.getMessage());
    }

    @Test
    void aWritablePathAtADeniedUrlIsWrittenAndNeverServed() {
        // A wiki's data folder below the docroot: mounted for the app to write, refused to visitors.
        Manifests m = render(Map.of("writablePaths[0].name", "data", "writablePaths[0].path", "/var/www/html/public/data",
                "nginx.deniedPaths[0]", "/data"));
        String locations = m.configMap("-nginx").getData().get("app-locations.conf");
        assertFalse(locations.contains("Writable path data"), locations);
        assertTrue(locations.contains("location ^~ /data/ {\n    deny all;\n}"), locations);
        assertTrue(m.deployment().getSpec().getTemplate().getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals("writable-data")),
                "the volume is there for php-fpm to write");
    }

    @Test
    void chartReadmeTableMatchesValues() throws IOException {
        Path readme = Projects.skeleton().resolve("README.md");
        String values = Files.readString(Projects.skeleton().resolve("values.yaml"));
        String expected = ParamTable.replaceIn(Files.readString(readme), values);
        if (Boolean.getBoolean("phpod.refresh")) {
            Files.writeString(readme, expected);
        }
        assertEquals(expected, Files.readString(readme),
                "chart-skeleton/README.md's parameter table is out of date; refresh it with ./mvnw test -Dtest=ChartConfigTest -Dphpod.refresh=true");
        long params = values.lines().filter(l -> l.strip().startsWith("## @param ")).count();
        long rows = Files.readString(readme).lines().filter(l -> l.startsWith("| `")).count();
        assertEquals(params, rows);
    }

    @Test
    void everyValueIsDocumented() throws IOException {
        // Each leaf key of values.yaml (or the nearest documented parent) has an @param line.
        String values = Files.readString(Projects.skeleton().resolve("values.yaml"));
        java.util.Set<String> documented = new java.util.HashSet<>();
        values.lines().filter(l -> l.strip().startsWith("## @param ")).forEach(l -> documented.add(l.strip().split(" ")[2]));
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = new org.yaml.snakeyaml.Yaml().load(values);
        List<String> missing = new java.util.ArrayList<>();
        walk("", tree, documented, missing);
        assertTrue(missing.isEmpty(), "values without an @param line: " + missing);
    }

    @SuppressWarnings("unchecked")
    private static void walk(String prefix, Map<String, Object> map, java.util.Set<String> documented, List<String> missing) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (documented.contains(key)) {
                continue;
            }
            if (e.getValue() instanceof Map<?, ?> m && !m.isEmpty()) {
                walk(key + ".", (Map<String, Object>) m, documented, missing);
            } else {
                missing.add(key);
            }
        }
    }

    private static VolumeMount mount(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(v -> v.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume));
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }
}
