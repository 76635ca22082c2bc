package dev.phpod.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One pod, two paths: reduces a Helm render and a Kustomize build to what must be equal (the
 * workload: containers in order, images, commands, ports, volumes, mounts, probes, lifecycle,
 * security, resources; the config files; the Service ports; the optional resources' specs) and
 * drops what may differ (names, labels, annotations, ConfigMap hash suffixes, Helm's test pod).
 */
public final class Parity {
    private Parity() {
    }

    public static void assertSameWorkload(String helm, String kustomize, String label) {
        Yaml dump = dumper();

        assertEquals(dump.dump(reduce(helm)), dump.dump(reduce(kustomize)),
                label + ": Helm and Kustomize describe different workloads (expected = Helm, actual = Kustomize)");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> reduce(String stream) {
        Map<String, Object> out = new TreeMap<>();
        for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(stream)) {
            if (o == null) {
                continue;
            }
            Map<String, Object> doc = (Map<String, Object>) o;
            Map<String, Object> meta = (Map<String, Object>) doc.get("metadata");
            Map<String, Object> annotations = (Map<String, Object>) meta.get("annotations");
            if (annotations != null && "test".equals(annotations.get("helm.sh/hook"))) {
                continue; // helm test pod: Helm only
            }
            String kind = (String) doc.get("kind");
            switch (kind) {
                case "ConfigMap" -> out.put("ConfigMap " + role((String) meta.get("name")), doc.get("data"));
                case "Deployment", "Job", "CronJob" -> {
                    // The web Deployment, and each command's object by name (the release is the app's name).
                    Map<String, Object> outer = new TreeMap<>((Map<String, Object>) doc.get("spec"));
                    Map<String, Object> spec = outer;
                    if (kind.equals("CronJob")) {
                        Map<String, Object> job = new TreeMap<>((Map<String, Object>) outer.get("jobTemplate"));
                        spec = new TreeMap<>((Map<String, Object>) job.get("spec"));
                        job.put("spec", spec);
                        outer.put("jobTemplate", job);
                    }
                    Map<String, Object> template = new TreeMap<>((Map<String, Object>) spec.get("template"));
                    template.remove("metadata");
                    Map<String, Object> pod = new TreeMap<>((Map<String, Object>) template.get("spec"));
                    List<Object> volumes = new ArrayList<>();
                    for (Object v : (List<Object>) pod.get("volumes")) {
                        Map<String, Object> vol = new TreeMap<>((Map<String, Object>) v);
                        if (vol.get("configMap") instanceof Map<?, ?> cm) {
                            Map<String, Object> c = new TreeMap<>((Map<String, Object>) cm);
                            c.put("name", role((String) c.get("name")));
                            vol.put("configMap", c);
                        }
                        volumes.add(vol);
                    }
                    // By name: a pod's volumes are a set (a Kustomize patch of one moves it to the front).
                    volumes.sort(java.util.Comparator.comparing(v -> String.valueOf(((Map<?, ?>) v).get("name"))));
                    pod.put("volumes", volumes);
                    template.put("spec", pod);
                    spec.put("template", template);
                    boolean web = kind.equals("Deployment")
                            && ((List<Object>) pod.get("containers")).stream().anyMatch(c -> "nginx".equals(((Map<?, ?>) c).get("name")));
                    out.put(web ? kind : kind + " " + meta.get("name"), outer);
                }
                case "ServiceAccount" -> out.put(kind, doc.get("automountServiceAccountToken"));
                // The alerts select the namespace they are applied in: the tests render Helm's in
                // shop-test and Kustomize's overlay names its own, so that value is left out.
                case "PrometheusRule" -> out.put(kind, withoutNamespace(doc.get("spec")));
                // One per data path, by name (the release is the app's name, as documented).
                case "PersistentVolumeClaim" -> out.put(kind + " " + meta.get("name"), doc.get("spec"));
                default -> out.put(kind, doc.get("spec"));
            }
        }
        return (Map<String, Object>) sorted(out);
    }

    /** The value of every namespace="..." matcher in the strings of o, left out. */
    private static Object withoutNamespace(Object o) {
        return sorted(o, v -> v instanceof String s ? s.replaceAll("namespace=\"[^\"]*\"", "namespace=NS") : v);
    }

    /** Map keys in a stable order at every depth (their order carries no meaning); lists keep theirs. */
    private static Object sorted(Object o) {
        return sorted(o, v -> v);
    }

    /** As {@link #sorted(Object)}, each value that is neither a map nor a list passed through leaf. */
    private static Object sorted(Object o, java.util.function.UnaryOperator<Object> leaf) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> t = new TreeMap<>();
            m.forEach((k, v) -> t.put(String.valueOf(k), sorted(v, leaf)));
            return t;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(v -> sorted(v, leaf)).toList();
        }
        return leaf.apply(o);
    }

    /**
     * What a ConfigMap is for, whatever the release or hash: Kustomize's configMapGenerator appends
     * -<10 characters of hash>, and the part before the role is the release or app name.
     */
    static String role(String name) {
        String unhashed = name.replaceFirst("-[a-z0-9]{10}$", "");
        return unhashed.substring(unhashed.lastIndexOf('-') + 1);
    }

    private static Yaml dumper() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
        return new Yaml(o);
    }
}
