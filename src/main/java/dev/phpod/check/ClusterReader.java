package dev.phpod.check;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLException;

import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

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
import io.fabric8.kubernetes.client.utils.Utils;

/**
 * Reads the live workloads and ConfigMaps of one namespace (or all) through fabric8's Kubernetes
 * client, configured as kubectl is (KUBECONFIG, ~/.kube/config, or the pod's service account).
 * Objects that a controller owns (a Deployment's ReplicaSets and pods, a CronJob's Jobs) are left
 * out: their owner is checked, once.
 * <p>
 * The client is made here, when {@code check --cluster} runs, and nowhere else: no other command
 * loads it. It speaks HTTP through the JDK's client (no event loop to start) and waits
 * {@link #CONNECT_MS} to connect and {@link #REQUEST_MS} for each answer, once: a cluster that
 * cannot be read is one line naming the server and the cause ({@link ClusterException}).
 * kubectl waits 30 s to connect, 10 s for the TLS handshake and, by default, without end for an
 * answer; fabric8 alone retries failed requests with a back-off for twice its 10 s request
 * timeout, so an address that refuses took 20 s to say so. fabric8's variables still win:
 * KUBERNETES_CONNECTION_TIMEOUT, KUBERNETES_REQUEST_TIMEOUT (milliseconds) and
 * KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT (or their kubernetes.* system properties).
 */
public final class ClusterReader {
    static final int CONNECT_MS = 5_000;
    static final int REQUEST_MS = 20_000;

    private ClusterReader() {
    }

    /**
     * The workloads of {@code namespace}, of the kubeconfig's namespace ("default" when it names
     * none) when {@code namespace} is null, or of every namespace when {@code all}.
     */
    public static Inventory read(String namespace, boolean all) {
        Config config = config();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                // No search of the class path for every model class: check asks for its kinds by type.
                .withKubernetesSerialization(new KubernetesSerialization(new ObjectMapper(), false)).build()) {
            String ns = all ? null : namespace != null ? namespace : config.getNamespace() != null ? config.getNamespace() : "default";
            try {
                return read(client, ns);
            } catch (KubernetesClientException e) {
                throw new ClusterException("cannot read the cluster at " + config.getMasterUrl() + ": " + why(e, config)
                        + "; check the kubeconfig (KUBECONFIG, ~/.kube/config) and that it may list workloads and ConfigMaps"
                        + (ns == null ? "" : " in namespace " + ns));
            }
        }
    }

    private static Config config() {
        Config config;
        try {
            config = Config.autoConfigure(null);
        } catch (MarkedYamlEngineException e) {
            throw new ClusterException("cannot read the kubeconfig (KUBECONFIG, ~/.kube/config): not YAML (" + e.getProblem()
                    + e.getProblemMark().map(m -> " at line " + (m.getLine() + 1)).orElse("") + ")");
        } catch (RuntimeException e) {
            throw new ClusterException("cannot read the kubeconfig (KUBECONFIG, ~/.kube/config): " + firstLine(rootMessage(e)));
        }
        if (unset(Config.KUBERNETES_CONNECTION_TIMEOUT_SYSTEM_PROPERTY)) {
            config.setConnectionTimeout(CONNECT_MS);
        }
        if (unset(Config.KUBERNETES_REQUEST_TIMEOUT_SYSTEM_PROPERTY)) {
            config.setRequestTimeout(REQUEST_MS);
        }
        if (unset(Config.KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT_SYSTEM_PROPERTY)) {
            config.setRequestRetryBackoffLimit(0);
        }
        return config;
    }

    private static boolean unset(String property) {
        return Utils.getSystemPropertyOrEnvVar(property) == null;
    }

    /** Why a request failed, in a few words: the HTTP status, or what the connection did. */
    static String why(KubernetesClientException e, Config config) {
        if (e.getCode() > 0) {
            return "HTTP " + e.getCode() + " " + firstLine(e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage());
        }
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        if (chain.stream().anyMatch(HttpConnectTimeoutException.class::isInstance)) {
            return "no connection within " + seconds(config.getConnectionTimeout());
        }
        if (chain.stream().anyMatch(HttpTimeoutException.class::isInstance)) {
            return "no answer within " + seconds(config.getRequestTimeout());
        }
        if (chain.stream().anyMatch(t -> t instanceof UnresolvedAddressException || t instanceof UnknownHostException)) {
            return "unknown host " + URI.create(config.getMasterUrl()).getHost();
        }
        for (Throwable t : chain) {
            if (t instanceof SSLException) {
                return "TLS: " + firstLine(t.getMessage());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof ConnectException) {
                // The system's words when there are some ("No route to host"); the JDK's client reports a refused
                // connection without any (a ConnectException caused by a ClosedChannelException, JDK 17 and 25 alike).
                String m = rootMessage(t);
                return m == null ? "connection refused" : firstLine(m).toLowerCase(Locale.ROOT);
            }
        }
        String m = rootMessage(e);
        return m == null ? chain.get(chain.size() - 1).getClass().getSimpleName() : firstLine(m);
    }

    private static String seconds(int ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** The message of the deepest cause that has one. */
    private static String rootMessage(Throwable e) {
        String m = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                m = t.getMessage();
            }
        }
        return m;
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
                        new Workload.Origin(where, 0), PodTemplates.replicas(item), PodTemplates.ignore(item), java.util.Map.of()));
            }
        }
    }
}
