package dev.phpod.check;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Reads the live workloads and ConfigMaps of one namespace (or all) through fabric8's Kubernetes
 * client, configured as kubectl is (KUBECONFIG, ~/.kube/config, or the pod's service account).
 * Objects that a controller owns (a Deployment's ReplicaSets and pods, a CronJob's Jobs) are left
 * out: their owner is checked, once.
 * <p>
 * The client is made here, when {@code check --cluster} runs, and nowhere else: no other command
 * loads it. It speaks HTTP through the JDK's client (no event loop to start).
 */
public final class ClusterReader {
    private ClusterReader() {
    }

    /**
     * The workloads of {@code namespace}, of the kubeconfig's namespace ("default" when it names
     * none) when {@code namespace} is null, or of every namespace when {@code all}.
     */
    public static Inventory read(String namespace, boolean all) {
        Config config = Config.autoConfigure(null);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                // No search of the class path for every model class: check asks for its kinds by type.
                .withKubernetesSerialization(new KubernetesSerialization(new ObjectMapper(), false)).build()) {
            String ns = all ? null : namespace != null ? namespace : config.getNamespace() != null ? config.getNamespace() : "default";
            try {
                return read(client, ns);
            } catch (KubernetesClientException e) {
                String why = e.getCode() > 0 ? "HTTP " + e.getCode() + " " + firstLine(e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage())
                        : firstLine(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                throw new ClusterException("cannot read the cluster at " + config.getMasterUrl() + ": " + why
                        + "; check the kubeconfig (KUBECONFIG, ~/.kube/config) and that it may list workloads and ConfigMaps"
                        + (ns == null ? "" : " in namespace " + ns));
            }
        }
    }

    private static String firstLine(String s) {
        return s == null ? "no answer" : s.lines().findFirst().orElse("").strip();
    }

    /** {@code namespace} null means all namespaces. */
    static Inventory read(KubernetesClient client, String namespace) {
        Inventory inventory = new Inventory();
        String where = "cluster " + client.getMasterUrl().getHost();
        addAll(inventory, where, "Deployment", list(client.apps().deployments(), namespace));
        addAll(inventory, where, "StatefulSet", list(client.apps().statefulSets(), namespace));
        addAll(inventory, where, "DaemonSet", list(client.apps().daemonSets(), namespace));
        addAll(inventory, where, "ReplicaSet", list(client.apps().replicaSets(), namespace));
        addAll(inventory, where, "CronJob", list(client.batch().v1().cronjobs(), namespace));
        addAll(inventory, where, "Job", list(client.batch().v1().jobs(), namespace));
        addAll(inventory, where, "Pod", list(client.pods(), namespace));
        list(client.configMaps(), namespace).forEach(inventory::add);
        for (var hpa : list(client.autoscaling().v2().horizontalPodAutoscalers(), namespace)) {
            var target = hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
            if (target != null && hpa.getSpec().getMaxReplicas() != null) {
                inventory.add(new Inventory.Scaler("HorizontalPodAutoscaler", hpa.getMetadata().getNamespace(), hpa.getMetadata().getName(),
                        target.getKind(), target.getName(), hpa.getSpec().getMaxReplicas()));
            }
        }
        return inventory;
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends io.fabric8.kubernetes.client.dsl.Resource<T>> List<T> list(MixedOperation<T, L, R> op, String namespace) {
        return (namespace == null ? op.inAnyNamespace().list() : op.inNamespace(namespace).list()).getItems();
    }

    private static <T extends HasMetadata> void addAll(Inventory inventory, String where, String kind, List<T> items) {
        for (T item : items) {
            List<OwnerReference> owners = item.getMetadata().getOwnerReferences();
            if (owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()))) {
                continue;
            }
            PodSpec pod = PodTemplates.of(item);
            if (pod != null) {
                inventory.add(new Workload(kind, item.getMetadata().getNamespace(), item.getMetadata().getName(), pod,
                        new Workload.Origin(where, 0), PodTemplates.replicas(item)));
            }
        }
    }
}
