package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
        // Only existing PHP files reach php-fpm, and there is no PATH_INFO splitting.
        String php = conf.substring(conf.indexOf("location ~ \\.php$ {"));
        assertTrue(php.startsWith("location ~ \\.php$ {\n            try_files $uri =404;"), php);
        assertFalse(conf.contains("fastcgi_split_path_info"));
        assertFalse(conf.contains("keepalive 8;"), "no upstream keepalive by default");
        String shared = nginxConf(render(Map.of("nginx.reusePort", "false")));
        assertTrue(shared.contains("listen 8080 default_server;"), shared);
    }

    @Test
    void fastcgiValuesFlowIntoNginxAndPhpFpm() {
        Manifests m = render(Map.of(), Projects.skeleton().resolve("ci/custom-fastcgi-values.yaml"));
        String conf = nginxConf(m);
        for (String line : List.of("server 127.0.0.1:9001;", "keepalive 8;", "fastcgi_keep_conn on;", "fastcgi_buffering off;",
                "fastcgi_buffer_size 64k;", "fastcgi_buffers 32 32k;", "fastcgi_busy_buffers_size 128k;",
                "fastcgi_connect_timeout 3s;", "fastcgi_send_timeout 120s;", "fastcgi_read_timeout 300s;",
                "fastcgi_param APP_ENV \"staging\";", "fastcgi_param HTTP_X_REQUEST_START \"t=$msec\";",
                "try_files $uri $uri/ /app.php?$query_string;", "index index.php;", "client_max_body_size 64m;", "worker_processes auto;")) {
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
        // Grace period: drain 5 + max(read 300, process control 20) + 10.
        assertEquals(315L, m.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
    }

    @Test
    void phpFpmPoolAndIniDefaults() {
        Manifests m = render(Map.of());
        String pool = m.configMap("-php").getData().get("php-fpm.conf");
        for (String line : List.of("error_log = /proc/self/fd/2", "daemonize = no", "process_control_timeout = 30s",
                "listen = /run/phpod/php-fpm.sock", "pm = static", "pm.max_children = 6", "pm.max_requests = 0", "ping.path = /fpm-ping", "pm.status_path = /fpm-status",
                "catch_workers_output = yes", "decorate_workers_output = no", "clear_env = no")) {
            assertTrue(pool.contains(line), () -> "pool lacks '" + line + "':\n" + pool);
        }
        assertFalse(pool.contains("access.log"), "nginx logs the requests; php-fpm's access log is opt-in");
        assertTrue(render(Map.of("php.fpm.accessLog", true)).configMap("-php").getData().get("php-fpm.conf").contains("access.log = /proc/self/fd/2"));
        String ini = m.configMap("-php").getData().get("zz-phpod.ini");
        for (String line : List.of("opcache.enable = 1", "opcache.validate_timestamps = 0", "upload_max_filesize = 16M", "post_max_size = 16M")) {
            assertTrue(ini.contains(line), () -> "php.ini lacks '" + line + "':\n" + ini);
        }
        assertEquals(75L, m.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
    }

    @Test
    void phpFpmIsProbedThroughFastcgiAndStopsAfterNginx() {
        PodSpec pod = render(Map.of()).deployment().getSpec().getTemplate().getSpec();
        Container fpm = container(pod, "php-fpm");
        assertEquals("/fpm-ping", fpm.getReadinessProbe().getHttpGet().getPath());
        assertEquals(8081, fpm.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals("/fpm-ping", fpm.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/fpm-ping", fpm.getStartupProbe().getHttpGet().getPath());
        assertEquals(List.of("php-fpm"), fpm.getCommand());
        assertEquals(List.of("--nodaemonize", "--fpm-config", "/etc/phpod/php/php-fpm.conf"), fpm.getArgs());
        String stop = String.join(" ", fpm.getLifecycle().getPreStop().getExec().getCommand());
        assertTrue(stop.contains("while [ -e /run/phpod/nginx.pid ]") && stop.contains("kill -QUIT 1"), stop);
        Container nginx = container(pod, "nginx");
        assertEquals("/healthz", nginx.getReadinessProbe().getHttpGet().getPath());
        String nstop = String.join(" ", nginx.getLifecycle().getPreStop().getExec().getCommand());
        assertTrue(nstop.contains("sleep 5;") && nstop.contains("-s quit"), nstop);
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
        assertTrue(conf.contains("location ^~ /uploads/ {\n            try_files $uri =404;\n        }"), conf);
        assertFalse(conf.contains("location ^~ /var/cache"), "paths outside the docroot get no location");
        assertTrue(conf.contains("set_real_ip_from 10.0.0.0/8;") && conf.contains("real_ip_header X-Forwarded-For;"), conf);
        assertTrue(conf.contains("        location = /robots.txt {"), "the server snippet is indented into the server block");
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
