package dev.phpod.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Rendered manifests, checked strictly against the Kubernetes API types (fabric8's model): a wrong
 * type fails to bind, and an unknown field, which the model would keep aside in
 * additionalProperties, fails the check. Plus the security rules every workload must meet.
 */
public final class Manifests {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class), Map.entry("v1/Service", Service.class), Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Pod", Pod.class), Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class), Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("batch/v1/Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
            Map.entry("batch/v1/CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class));

    private final List<HasMetadata> objects;

    private Manifests(List<HasMetadata> objects) {
        this.objects = objects;
    }

    /** Parses a multi-document stream and validates every object strictly. */
    @SuppressWarnings("unchecked")
    public static Manifests parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc == null) {
                continue;
            }
            Map<String, Object> m = (Map<String, Object>) doc;
            String key = m.get("apiVersion") + "/" + m.get("kind");
            Class<? extends HasMetadata> type = KINDS.get(key);
            assertNotNull(type, () -> "unexpected kind " + key + " in:\n" + yaml);
            HasMetadata o;
            try {
                o = MAPPER.convertValue(m, type);
            } catch (IllegalArgumentException e) {
                throw new AssertionError(key + " does not match the API types: " + e.getMessage(), e);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(o, key, unknown);
            assertTrue(unknown.isEmpty(), () -> "unknown fields (not in the Kubernetes API): " + unknown);
            out.add(o);
        }
        return new Manifests(out);
    }

    public List<HasMetadata> all() {
        return objects;
    }

    public <T extends HasMetadata> List<T> ofKind(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> T one(Class<T> type) {
        List<T> l = ofKind(type);
        assertEquals(1, l.size(), () -> "expected one " + type.getSimpleName() + ", found " + l.size());
        return l.get(0);
    }

    /** The web pod's Deployment: the one whose pod runs nginx (processes run without). */
    public Deployment deployment() {
        List<Deployment> web = ofKind(Deployment.class).stream()
                .filter(d -> d.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(c -> c.getName().equals("nginx"))).toList();
        assertEquals(1, web.size(), () -> "expected one Deployment running nginx, found " + web.size());
        return web.get(0);
    }

    /** Every pod spec, by the object that holds it: Deployments, Jobs, CronJobs' job templates, Pods. */
    public static PodSpec podSpec(HasMetadata o) {
        if (o instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (o instanceof io.fabric8.kubernetes.api.model.batch.v1.Job j) {
            return j.getSpec().getTemplate().getSpec();
        }
        if (o instanceof io.fabric8.kubernetes.api.model.batch.v1.CronJob c) {
            return c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        }
        return o instanceof Pod p ? p.getSpec() : null;
    }

    public ConfigMap configMap(String suffix) {
        return ofKind(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap *" + suffix));
    }

    /** Every pod (the Deployment's and helm test's) meets Pod Security "restricted" and has limits. */
    public void assertSecure() {
        for (HasMetadata o : objects) {
            PodSpec spec = podSpec(o);
            if (spec == null) {
                continue;
            }
            String where = o.getKind() + " " + o.getMetadata().getName();
            var psc = spec.getSecurityContext();
            assertNotNull(psc, where + ": no pod securityContext");
            assertEquals(Boolean.TRUE, psc.getRunAsNonRoot(), where + ": runAsNonRoot");
            assertEquals("RuntimeDefault", psc.getSeccompProfile().getType(), where + ": seccomp");
            assertTrue(psc.getRunAsUser() == null || psc.getRunAsUser() != 0, where + ": runAsUser 0");
            assertFalse(Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID()), where + ": host namespaces");
            List<Container> containers = new ArrayList<>(spec.getContainers());
            containers.addAll(spec.getInitContainers());
            for (Container c : containers) {
                String cw = where + " container " + c.getName();
                var sc = c.getSecurityContext();
                assertNotNull(sc, cw + ": no securityContext");
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), cw + ": allowPrivilegeEscalation");
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), cw + ": readOnlyRootFilesystem");
                assertTrue(sc.getCapabilities().getDrop().contains("ALL"), cw + ": capabilities.drop ALL");
                assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), cw + ": capabilities.add");
                assertFalse(Boolean.TRUE.equals(sc.getPrivileged()), cw + ": privileged");
                for (String r : List.of("cpu", "memory", "ephemeral-storage")) {
                    Quantity req = c.getResources().getRequests().get(r);
                    Quantity lim = c.getResources().getLimits().get(r);
                    assertNotNull(req, cw + ": no request for " + r);
                    assertNotNull(lim, cw + ": no limit for " + r);
                    assertTrue(Quantity.getAmountInBytes(req).compareTo(Quantity.getAmountInBytes(lim)) <= 0, cw + ": request above limit for " + r);
                }
            }
            for (Container c : spec.getContainers()) {
                assertProbesOnOwnPorts(where + " container " + c.getName(), c);
            }
            for (Volume v : spec.getVolumes()) {
                assertTrue(v.getHostPath() == null, where + ": hostPath volume " + v.getName());
                if (v.getEmptyDir() != null) {
                    assertNotNull(v.getEmptyDir().getSizeLimit(), where + ": emptyDir " + v.getName() + " has no sizeLimit");
                }
            }
        }
    }

    /**
     * kube-linter's liveness-port, readiness-port and startup-port checks: an httpGet, tcpSocket or
     * grpc probe must target a port of its own container (by name or number); exec probes run inside it.
     */
    public static void assertProbesOnOwnPorts(String where, Container c) {
        List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
        for (var probe : Map.of("liveness", Optional.ofNullable(c.getLivenessProbe()), "readiness", Optional.ofNullable(c.getReadinessProbe()),
                "startup", Optional.ofNullable(c.getStartupProbe())).entrySet()) {
            if (probe.getValue().isEmpty()) {
                continue;
            }
            Probe p = probe.getValue().get();
            IntOrString port = p.getHttpGet() != null ? p.getHttpGet().getPort() : p.getTcpSocket() != null ? p.getTcpSocket().getPort() : null;
            Integer grpc = p.getGrpc() != null ? p.getGrpc().getPort() : null;
            if (port == null && grpc == null) {
                assertNotNull(p.getExec(), where + ": " + probe.getKey() + " probe has no action");
                continue;
            }
            boolean own = ports.stream().anyMatch(cp -> grpc != null ? grpc.equals(cp.getContainerPort())
                    : port.getStrVal() != null ? port.getStrVal().equals(cp.getName()) : port.getIntVal().equals(cp.getContainerPort()));
            assertTrue(own, where + ": " + probe.getKey() + "-port: the probe targets port " + (grpc != null ? grpc : port)
                    + ", which is not a port of this container " + ports.stream().map(cp -> cp.getName() + "/" + cp.getContainerPort()).toList());
        }
    }

    private static void unknownFields(Object o, String path, List<String> found) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object x : c) {
                unknownFields(x, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), found);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || g.getDeclaringClass() == Object.class) {
                continue;
            }
            String n = g.getName();
            if (!(n.startsWith("get") || n.startsWith("is")) || n.equals("getClass")) {
                continue;
            }
            try {
                Object v = g.invoke(o);
                if (n.equals("getAdditionalProperties")) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        found.add(path + ": " + extra.keySet());
                    }
                } else if (!(o instanceof Quantity) && !n.equals("getPlural") && !n.equals("getSingular")) {
                    unknownFields(v, path + "." + n.replaceFirst("^(get|is)", ""), found);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a computed getter that does not apply to this object; nothing to check there
            }
        }
    }

    public static void assertNoUnrendered(String text, String where) {
        for (String bad : List.of("{{", "}}", "<no value>", "%!", "phpod-app", "example/php-app")) {
            if (text.contains(bad)) {
                fail(where + " contains '" + bad + "' near: " + around(text, bad));
            }
        }
    }

    private static String around(String text, String bad) {
        int i = text.indexOf(bad);
        return text.substring(Math.max(0, i - 80), Math.min(text.length(), i + 80));
    }
}
