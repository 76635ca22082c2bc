package dev.phpod.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;

import dev.phpod.support.Projects;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The release step's claims as Helm decides them against a cluster: helm upgrade --install
 * --dry-run=server (which renders with lookup asking the cluster, and writes nothing) against the
 * fabric8 Kubernetes mock server in CRUD mode, holding a claim of the user's with ReadWriteMany, one
 * with ReadWriteOnce, and the chart's own claim kept from an earlier release. The ReadWriteMany
 * claims are mounted, the user's and the chart's own alike; the ReadWriteOnce one is an emptyDir
 * (the running web pod may hold it on another node), although without a cluster to ask the chart
 * would mount that claim of the user's and not its own. The mock answers Helm's discovery here, and
 * in JSON, which Helm's client takes for protobuf without a Content-Type; a real install cannot be
 * used, since Helm writes its release Secret in protobuf, which the mock cannot read.
 */
class ReleaseClaimsLookupTest {
    private static final String NAMESPACE = "shop-test";

    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static final List<String> REQUESTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void cluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath().replaceFirst("\\?.*", "");
                REQUESTS.add(request.getMethod() + " " + path);
                MockResponse response = DISCOVERY.containsKey(path) && request.getMethod().equals("GET")
                        ? new MockResponse().setResponseCode(200).setBody(Serialization.asJson(DISCOVERY.get(path)))
                        : crud.dispatch(request);
                // Helm's client asks for protobuf or JSON, and reads an answer without a Content-Type as protobuf.
                if (response.header("Content-Type") == null) {
                    response.setHeader("Content-Type", "application/json");
                }
                return response;
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
        client = server.createClient();
        claim("shared-uploads", "ReadWriteMany", false);
        claim("single-media", "ReadWriteOnce", false);
        // The chart's own claim, kept from an earlier release (helm.sh/resource-policy: keep).
        claim("shop-cache", "ReadWriteMany", true);
    }

    /** Discovery, which the CRUD mode does not answer (with Helm's ?timeout= it lists every object): the kinds the chart renders. */
    private static final Map<String, Object> DISCOVERY = Map.of(
            "/version", Map.of("major", "1", "minor", "31", "gitVersion", "v1.31.0"),
            "/api", new APIVersionsBuilder().withVersions("v1").build(),
            "/apis", new APIGroupListBuilder()
                    .addNewGroup().withName("apps").addNewVersion().withGroupVersion("apps/v1").withVersion("v1").endVersion()
                    .withNewPreferredVersion().withGroupVersion("apps/v1").withVersion("v1").endPreferredVersion().endGroup()
                    .addNewGroup().withName("batch").addNewVersion().withGroupVersion("batch/v1").withVersion("v1").endVersion()
                    .withNewPreferredVersion().withGroupVersion("batch/v1").withVersion("v1").endPreferredVersion().endGroup()
                    .build(),
            "/api/v1", resources("v1", "ConfigMap:configmaps", "PersistentVolumeClaim:persistentvolumeclaims", "Pod:pods", "Secret:secrets",
                    "Service:services", "ServiceAccount:serviceaccounts"),
            "/apis/apps/v1", resources("apps/v1", "Deployment:deployments"),
            "/apis/batch/v1", resources("batch/v1", "Job:jobs", "CronJob:cronjobs"));

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    private static Object resources(String groupVersion, String... kinds) {
        APIResourceListBuilder list = new APIResourceListBuilder().withGroupVersion(groupVersion);
        for (String k : kinds) {
            String[] kindAndName = k.split(":");
            list.addToResources(new APIResourceBuilder().withKind(kindAndName[0]).withName(kindAndName[1]).withNamespaced(true)
                    .withVerbs("create", "delete", "get", "list", "patch", "update", "watch").build());
        }
        return list.build();
    }

    private static void claim(String name, String accessMode, boolean helms) {
        PersistentVolumeClaimBuilder b = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withAccessModes(accessMode).withNewResources().addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources().endSpec();
        if (helms) {
            b.editMetadata().addToLabels("app.kubernetes.io/managed-by", "Helm").addToAnnotations("meta.helm.sh/release-name", "shop")
                    .addToAnnotations("meta.helm.sh/release-namespace", NAMESPACE).endMetadata();
        }
        client.resource(b.build()).create();
    }

    @Test
    void theReleaseStepMountsTheClaimsTheClusterSharesAndNoOther(@TempDir Path tmp) throws Exception {
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: mock, namespace: %s}
                current-context: mock
                users:
                  - name: mock
                    user: {token: mock}
                """.formatted(server.url("/").replaceAll("/$", ""), NAMESPACE));
        // helm upgrade --install --dry-run=server: Helm renders with lookup asking the cluster, and creates nothing.
        // helm-java's report of a release leaves its manifests out (it prints the notes), so the chart is a copy whose
        // NOTES.txt renders the release step's template: the Job exactly as this release renders it.
        Path chart = tmp.resolve("shop");
        try (var files = Files.walk(Projects.skeleton())) {
            for (Path f : files.toList()) {
                Path to = chart.resolve(Projects.skeleton().relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Files.writeString(chart.resolve("templates/NOTES.txt"), "{{ include (print $.Template.BasePath \"/release-job.yaml\") . }}\n");
        REQUESTS.clear();
        Release release = new Helm(chart).upgrade().install().dryRun().withDryRunOption(DryRun.SERVER)
                .withName("shop").withNamespace(NAMESPACE).withKubeConfig(kubeconfig).disableOpenApiValidation()
                .set("fullnameOverride", "shop").set("tests.enabled", false)
                .set("release.command[0]", "php").set("release.command[1]", "artisan").set("release.command[2]", "migrate")
                .set("writablePaths[0].name", "uploads").set("writablePaths[0].path", "/var/www/html/public/uploads").set("writablePaths[0].persistent", true)
                .set("writablePaths[1].name", "media").set("writablePaths[1].path", "/var/www/html/storage/media").set("writablePaths[1].persistent", true)
                .set("writablePaths[2].name", "cache").set("writablePaths[2].path", "/var/www/html/storage/cache").set("writablePaths[2].persistent", true)
                .set("persistence.existingClaims.uploads", "shared-uploads").set("persistence.existingClaims.media", "single-media")
                .call();
        String out = release.getOutput();
        List<String> asked = List.copyOf(REQUESTS);
        assertTrue(out.contains("NOTES:\n"), out);
        Job job = Serialization.unmarshal(out.substring(out.indexOf("NOTES:\n") + "NOTES:\n".length()), Job.class);
        assertEquals("pre-install,pre-upgrade", job.getMetadata().getAnnotations().get("helm.sh/hook"), out);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Map<String, String> volumes = new TreeMap<>();
        pod.getVolumes().stream().filter(v -> v.getName().startsWith("writable-"))
                .forEach(v -> volumes.put(v.getName(), v.getPersistentVolumeClaim() != null ? v.getPersistentVolumeClaim().getClaimName()
                        : v.getEmptyDir() != null ? "emptyDir " + v.getEmptyDir().getSizeLimit() : "?"));
        assertEquals(Map.of("writable-uploads", "shared-uploads", "writable-media", "emptyDir 256Mi", "writable-cache", "shop-cache"), volumes,
                "ReadWriteMany claims mounted (the user's, the chart's own), the ReadWriteOnce one an emptyDir");
        // /tmp 64 Mi, one emptyDir of 256 Mi, 16 Mi for the container.
        assertEquals("336Mi", pod.getContainers().get(0).getResources().getLimits().get("ephemeral-storage").toString());
        for (String claim : List.of("shared-uploads", "single-media", "shop-cache")) {
            assertTrue(asked.contains("GET /api/v1/namespaces/" + NAMESPACE + "/persistentvolumeclaims/" + claim), "looked up " + claim + ": " + asked);
        }
        assertTrue(asked.stream().allMatch(r -> r.startsWith("GET ")), "a dry run writes nothing: " + asked);
        assertEquals(List.of("shared-uploads", "shop-cache", "single-media"), client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()
                .stream().map(c -> c.getMetadata().getName()).sorted().toList(), "a dry run changes nothing");
        assertTrue(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().isEmpty(), "a dry run creates nothing");
    }
}
