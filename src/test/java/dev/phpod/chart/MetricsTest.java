package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import dev.phpod.support.HelmRunner;
import dev.phpod.support.Manifests;
import dev.phpod.support.Projects;
import dev.phpod.support.RequiredTool;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;

/**
 * php-fpm's metrics from the pod itself (issue #24): a metrics server in nginx on a port of its own,
 * never the app's server nor the Service's; a PodMonitor and a PrometheusRule behind values, bound
 * strictly to the Prometheus Operator's types, the rules' PromQL checked by Prometheus' own promtool.
 */
class MetricsTest {

    private static Manifests render(Map<String, Object> set) {
        Map<String, Object> all = new HashMap<>(Map.of("tests.enabled", false));
        all.putAll(set);
        Manifests m = Manifests.parse(HelmRunner.template(Projects.skeleton(), List.of(), all));
        m.assertSecure();
        return m;
    }

    private static Container nginx(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("nginx")).findFirst().orElseThrow();
    }

    /** nginx.conf's server blocks, by the port each listens on: the text between `listen PORT` and the next server. */
    private static Map<String, String> servers(String nginxConf) {
        Map<String, String> out = new HashMap<>();
        String[] parts = nginxConf.split("\n    server \\{\n");
        for (int i = 1; i < parts.length; i++) {
            Matcher l = Pattern.compile("listen (\\d+)").matcher(parts[i]);
            assertTrue(l.find(), "a server without listen: " + parts[i]);
            out.put(l.group(1), parts[i]);
        }
        return out;
    }

    @Test
    void byDefaultNginxServesPhpFpmsStatusOnItsOwnMetricsPortAndNeverOnTheAppsOrBehindTheService() {
        Manifests m = render(Map.of());
        Container nginx = nginx(m.deployment());
        assertTrue(nginx.getPorts().stream().anyMatch(p -> p.getName().equals("metrics") && p.getContainerPort() == 9253), "nginx declares the metrics port");
        for (var p : m.one(Service.class).getSpec().getPorts()) {
            assertFalse(p.getTargetPort().getStrVal() != null && p.getTargetPort().getStrVal().equals("metrics"), "the Service targets metrics");
            assertFalse(p.getPort() == 9253 || p.getTargetPort().getIntVal() != null && p.getTargetPort().getIntVal() == 9253, "the Service publishes 9253");
        }
        Map<String, String> servers = servers(m.configMap("-nginx").getData().get("nginx.conf"));
        String metrics = servers.get("9253");
        assertTrue(metrics != null, "a server listens on 9253: " + servers.keySet());
        // Only the fixed status query reaches php-fpm: no client picks ?full (request URIs) or ?html.
        assertTrue(metrics.contains("fastcgi_param QUERY_STRING openmetrics;"), metrics);
        assertFalse(metrics.contains("$query_string") || metrics.contains("$args") || metrics.contains("include "), metrics);
        assertTrue(metrics.contains("location = /metrics"), metrics);
        assertTrue(metrics.contains("location / {\n            return 404;"), metrics);
        assertFalse(metrics.contains("stub_status"), "nginx's counters are opt-in");
        for (var e : servers.entrySet()) {
            if (!e.getKey().equals("9253")) {
                assertFalse(e.getValue().contains("openmetrics") || e.getValue().contains("stub_status"), "server " + e.getKey() + " serves metrics");
            }
        }
        assertTrue(m.ofKind(PodMonitor.class).isEmpty() && m.ofKind(PrometheusRule.class).isEmpty(), "the CRD objects are opt-in");
    }

    @Test
    void metricsOffLeavesNoPortAndNoServer() {
        Manifests m = render(Map.of("metrics.enabled", false, "metrics.podMonitor.enabled", true, "metrics.prometheusRule.enabled", true));
        assertTrue(nginx(m.deployment()).getPorts().stream().noneMatch(p -> p.getName().equals("metrics")));
        assertFalse(servers(m.configMap("-nginx").getData().get("nginx.conf")).containsKey("9253"));
        assertTrue(m.ofKind(PodMonitor.class).isEmpty() && m.ofKind(PrometheusRule.class).isEmpty(), "nothing scrapes a port that is not there");
    }

    @Test
    void nginxStatusJoinsTheMetricsServerWhenAsked() {
        Manifests m = render(Map.of("metrics.nginxStatus", true, "metrics.port", 9300, "metrics.path", "/php-metrics"));
        String metrics = servers(m.configMap("-nginx").getData().get("nginx.conf")).get("9300");
        assertTrue(metrics.contains("location = /nginx-status {\n            stub_status;"), metrics);
        assertTrue(metrics.contains("location = /php-metrics"), metrics);
    }

    @Test
    void theMetricsPortMustBeItsOwn() {
        Exception e = assertThrows(Exception.class, () -> render(Map.of("metrics.port", 8081)));
        assertTrue(e.getMessage().contains("metrics.port 8081 is also nginx.port, nginx.healthPort or fastcgi.port"), e.getMessage());
        e = assertThrows(Exception.class, () -> render(Map.of("metrics.port", 9000, "fastcgi.transport", "tcp")));
        assertTrue(e.getMessage().contains("metrics.port 9000"), e.getMessage());
        render(Map.of("metrics.port", 9000)); // the unix socket leaves 9000 free
    }

    @Test
    void thePodMonitorScrapesTheWebPodsMetricsPort() {
        Manifests m = render(Map.of("metrics.podMonitor.enabled", true, "metrics.podMonitor.labels.release", "kube-prometheus-stack",
                "metrics.podMonitor.interval", "15s"));
        PodMonitor pm = m.one(PodMonitor.class);
        assertEquals("kube-prometheus-stack", pm.getMetadata().getLabels().get("release"));
        Map<String, String> podLabels = m.deployment().getSpec().getTemplate().getMetadata().getLabels();
        pm.getSpec().getSelector().getMatchLabels().forEach((k, v) -> assertEquals(v, podLabels.get(k), "the selector's " + k + " matches the web pod"));
        PodMetricsEndpoint ep = pm.getSpec().getPodMetricsEndpoints().get(0);
        assertEquals("metrics", ep.getPort());
        assertEquals("/metrics", ep.getPath());
        assertEquals("15s", ep.getInterval());
        List<ContainerPort> ports = nginx(m.deployment()).getPorts();
        assertTrue(ports.stream().anyMatch(p -> p.getName().equals(ep.getPort())), "the pod declares the scraped port");
    }

    @Test
    void theNetworkPolicyAdmitsTheMetricsPortOnlyFromTheNamedPeers() {
        NetworkPolicy closed = render(Map.of("networkPolicy.enabled", true)).one(NetworkPolicy.class);
        assertTrue(closed.getSpec().getIngress().stream().flatMap(r -> r.getPorts().stream()).noneMatch(p -> "metrics".equals(p.getPort().getStrVal())));
        NetworkPolicy open = render(Map.of("networkPolicy.enabled", true, "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name", "monitoring"))
                .one(NetworkPolicy.class);
        var rule = open.getSpec().getIngress().stream().filter(r -> r.getPorts().stream().anyMatch(p -> "metrics".equals(p.getPort().getStrVal())))
                .findFirst().orElseThrow();
        assertEquals("monitoring", rule.getFrom().get(0).getNamespaceSelector().getMatchLabels().get("name"));
    }

    /**
     * The alerts an operator needs, each scoped to this release's pods in its namespace (the first
     * quoted value of every expression, which the Kustomize overlays replace), and valid PromQL as
     * Prometheus' own promtool reads a rule file.
     */
    @Test
    void thePrometheusRuleHasTheAlertsOperatorsNeedInPromQlThatPromtoolAccepts(@TempDir Path dir) throws Exception {
        Manifests m = render(Map.of("metrics.prometheusRule.enabled", true, "metrics.prometheusRule.alertLabels.team", "shop"));
        PrometheusRule rule = m.one(PrometheusRule.class);
        List<Rule> rules = rule.getSpec().getGroups().get(0).getRules();
        assertEquals(List.of("PhpFpmPoolSaturated", "PhpFpmListenQueue", "PhpFpmMaxChildrenReached", "PhpFpmSlowRequests", "PhpFpmMetricsDown",
                "PhpodContainerRestarts"), rules.stream().map(Rule::getAlert).toList());
        for (Rule r : rules) {
            String expr = r.getExpr().getStrVal();
            Matcher first = Pattern.compile("\"([^\"]*)\"").matcher(expr);
            assertTrue(first.find() && expr.substring(0, first.start()).endsWith("namespace=") && !first.group(1).isEmpty(), expr);
            assertTrue(expr.contains("pod=~\"" + m.deployment().getMetadata().getName() + "-.*\""), expr);
            assertEquals("shop", r.getLabels().get("team"));
            assertTrue(r.getLabels().containsKey("severity"));
        }
        Path promtool = RequiredTool.find("promtool").orElse(null);
        if (promtool == null) {
            RequiredTool.missing("promtool (Debian's prometheus package) is not installed; it checks the PrometheusRule's PromQL");
        }
        // The spec of a PrometheusRule is a Prometheus rule file.
        Map<String, Object> spec = null;
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String helm = HelmRunner.template(Projects.skeleton(), List.of(), Map.of("tests.enabled", false, "metrics.prometheusRule.enabled", true));
        for (Object doc : new Yaml().loadAll(helm)) {
            if (doc instanceof Map<?, ?> d && "PrometheusRule".equals(d.get("kind"))) {
                spec = cast(d.get("spec"));
            }
        }
        assertTrue(spec != null, "no PrometheusRule in the render");
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, new Yaml(o).dump(spec));
        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "promtool check rules:\n" + out);
        assertTrue(out.contains("SUCCESS: 6 rules found"), out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void theValuesSchemaRefusesBadMetricsValues() throws IOException {
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("metrics.port", 70000), Map.<String, Object>of("metrics.path", "metrics"),
                Map.<String, Object>of("metrics.podMonitor.interval", "often"), Map.<String, Object>of("metrics.prometheusRule.busyRatio", 1.5),
                Map.<String, Object>of("metrics.scrape", true))) {
            assertThrows(Exception.class, () -> render(bad), bad.toString());
        }
    }

    /** Scaling on busy workers: a Pods metric of the HPA (a metrics adapter serves it); CPU stays the default. */
    @Test
    void theAutoscalerHoldsBusyWorkersPerPodWhenAskedAndCpuByDefault() {
        var cpu = render(Map.of("autoscaling.enabled", true)).one(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class);
        assertEquals("cpu", cpu.getSpec().getMetrics().get(0).getResource().getName());
        var busy = render(Map.of("autoscaling.enabled", true, "autoscaling.metric", "busyWorkers"))
                .one(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class).getSpec().getMetrics();
        assertEquals(1, busy.size());
        assertEquals("Pods", busy.get(0).getType());
        assertEquals("phpfpm_active_processes", busy.get(0).getPods().getMetric().getName());
        assertEquals("AverageValue", busy.get(0).getPods().getTarget().getType());
        assertEquals("4200m", busy.get(0).getPods().getTarget().getAverageValue().toString(), "0.7 x 6 workers");
        var half = render(Map.of("autoscaling.enabled", true, "autoscaling.metric", "busyWorkers", "autoscaling.targetBusyRatio", 0.5,
                "php.fpm.maxChildren", 9, "php.resources.limits.memory", "2Gi")).one(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class);
        assertEquals("4500m", half.getSpec().getMetrics().get(0).getPods().getTarget().getAverageValue().toString());
        Exception e = assertThrows(Exception.class, () -> render(Map.of("autoscaling.enabled", true, "autoscaling.metric", "busyWorkers", "metrics.enabled", false)));
        assertTrue(e.getMessage().contains("autoscaling.metric busyWorkers reads php-fpm's active processes from the metrics port"), e.getMessage());
        assertThrows(Exception.class, () -> render(Map.of("autoscaling.metric", "memory")));
    }
}
