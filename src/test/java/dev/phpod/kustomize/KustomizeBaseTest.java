package dev.phpod.kustomize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.marcnuri.helm.Helm;

import dev.phpod.support.Projects;

/**
 * kustomize-base/ is derived from the chart: the workload, Service, ServiceAccount, the optional
 * resources and the config files are what Helm renders from chart-skeleton's defaults, less Helm's
 * own labels and checksum annotations (Kustomize's configMapGenerator hash suffix does that job).
 * This test fails when the two drift; refresh with -Dphpod.refresh=true after changing the chart.
 */
class KustomizeBaseTest {

    static final Path BASE = Path.of("kustomize-base");

    /** The derived files, by path under kustomize-base/. */
    static Map<String, String> derive() {
        Map<String, String> out = new TreeMap<>();
        Map<String, String> plain = docs(render(Map.of()));
        out.put("base/deployment.yaml", plain.get("Deployment"));
        out.put("base/service.yaml", plain.get("Service"));
        out.put("base/serviceaccount.yaml", plain.get("ServiceAccount"));
        config(plain.get("ConfigMap:phpod-app-nginx"), out);
        config(plain.get("ConfigMap:phpod-app-php"), out);
        Map<String, String> all = docs(render(Map.of("autoscaling.enabled", true, "podDisruptionBudget.enabled", true,
                "networkPolicy.enabled", true, "ingress.enabled", true)));
        out.put("components/hpa/hpa.yaml", all.get("HorizontalPodAutoscaler"));
        out.put("components/hpa-busy-workers/hpa.yaml",
                docs(render(Map.of("autoscaling.enabled", true, "autoscaling.metric", "busyWorkers"))).get("HorizontalPodAutoscaler"));
        out.put("components/pdb/pdb.yaml", all.get("PodDisruptionBudget"));
        out.put("components/networkpolicy/networkpolicy.yaml", all.get("NetworkPolicy"));
        out.put("components/ingress/ingress.yaml", all.get("Ingress"));
        out.put("components/httproute/httproute.yaml", docs(render(Map.of("httpRoute.enabled", true))).get("HTTPRoute"));
        // code.source image: the nginx.conf its component merges into the nginx ConfigMap.
        Map<String, String> image = docs(render(Map.of("code.source", "image"), "1.35.0"));
        out.put("components/image-volume/nginx.conf", configFile(image.get("ConfigMap:phpod-app-nginx"), "nginx.conf"));
        Map<String, String> monitoring = docs(render(Map.of("metrics.podMonitor.enabled", true, "metrics.prometheusRule.enabled", true)));
        out.put("components/monitoring/podmonitor.yaml", monitoring.get("PodMonitor"));
        out.put("components/monitoring/prometheusrule.yaml", monitoring.get("PrometheusRule"));
        return out;
    }

    private static String render(Map<String, Object> set) {
        return render(set, "1.31.0");
    }

    private static String render(Map<String, Object> set, String kubeVersion) {
        var t = new Helm(Projects.skeleton()).template().withName("phpod-app").withKubeVersion(kubeVersion).set("tests.enabled", false);
        for (var e : set.entrySet()) {
            t = t.set(e.getKey(), e.getValue());
        }
        return t.call();
    }

    /** Splits Helm's output into documents by kind (ConfigMaps by name), cleaned of Helm's own metadata. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> docs(String helm) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String doc : helm.split("(?m)^---\n")) {
            String clean = clean(doc);
            if (clean.isBlank()) {
                continue;
            }
            Map<String, Object> m = new Yaml().load(clean);
            String kind = (String) m.get("kind");
            if (kind.equals("ConfigMap")) {
                kind += ":" + ((Map<String, Object>) m.get("metadata")).get("name");
            }
            out.put(kind, clean);
        }
        return out;
    }

    static String clean(String doc) {
        List<String> lines = new ArrayList<>();
        for (String l : doc.split("\n", -1)) {
            String s = l.strip();
            if (s.startsWith("# Source:") || s.startsWith("helm.sh/chart:") || s.startsWith("app.kubernetes.io/managed-by:")
                    || s.startsWith("app.kubernetes.io/version:") || s.startsWith("checksum/")
                    || s.startsWith("# Over the config content only")) {
                continue;
            }
            lines.add(l);
        }
        // An annotations: key left with no entries goes too.
        for (int i = lines.size() - 2; i >= 0; i--) {
            String l = lines.get(i);
            if (l.strip().equals("annotations:") && indent(lines.get(i + 1)) <= indent(l)) {
                lines.remove(i);
            }
        }
        return String.join("\n", lines).strip() + "\n";
    }

    private static int indent(String l) {
        return l.length() - l.stripLeading().length();
    }

    @SuppressWarnings("unchecked")
    private static String configFile(String configMap, String file) {
        return ((Map<String, String>) new Yaml().<Map<String, Object>>load(configMap).get("data")).get(file);
    }

    @SuppressWarnings("unchecked")
    private static void config(String configMap, Map<String, String> out) {
        Map<String, Object> m = new Yaml().load(configMap);
        for (var e : ((Map<String, String>) m.get("data")).entrySet()) {
            out.put("base/config/" + e.getKey(), e.getValue());
        }
    }

    @Test
    void baseIsDerivedFromTheChart() throws IOException {
        Map<String, String> expected = derive();
        if (Boolean.getBoolean("phpod.refresh")) {
            for (var e : expected.entrySet()) {
                Files.createDirectories(BASE.resolve(e.getKey()).getParent());
                Files.writeString(BASE.resolve(e.getKey()), e.getValue());
            }
        }
        for (var e : expected.entrySet()) {
            Path p = BASE.resolve(e.getKey());
            assertEquals(e.getValue(), Files.exists(p) ? Files.readString(p) : "<missing>",
                    "kustomize-base/" + e.getKey() + " drifted from the chart; refresh with ./mvnw test -Dtest=KustomizeBaseTest -Dphpod.refresh=true");
        }
    }
}
