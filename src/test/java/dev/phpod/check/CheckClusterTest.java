package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.phpod.support.MockCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * phpod check --cluster against fabric8's Kubernetes mock server (CRUD mode: it stores what is
 * created and lists it back like an API server), through a kubeconfig as a user's (named by
 * fabric8's {@code kubeconfig} system property, which goes before KUBECONFIG); and against the
 * clusters it cannot read, one line each, within a bound.
 */
@QuarkusMainTest
class CheckClusterTest {
    @TempDir
    static Path tmp;

    static MockCluster cluster;

    /**
     * Namespace shop: the split nginx/php-fpm Deployments; web: the clean pod, and a ReplicaSet its
     * Deployment owns; scaled: a pod that migrates as it starts, many of them by its
     * HorizontalPodAutoscaler alone.
     */
    @BeforeAll
    static void seed() {
        cluster = new MockCluster(false);
        cluster.create(CheckCorpusTest.CORPUS.resolve("split-nginx-php-fpm/fires-two-deployments.yaml"), "shop");
        cluster.create(CheckCorpusTest.CORPUS.resolve("migration-per-pod/fires-entrypoint-with-autoscaler.yaml"), "scaled");
        List<HasMetadata> clean = cluster.create(CheckCorpusTest.CORPUS.resolve("clean/one-pod-copy-step.yaml"), "web");
        Deployment owner = (Deployment) clean.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        // What a Deployment controller creates: the same pod template, owned. It must not be reported twice.
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("web-5d8f7").withNamespace("web")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment").withName("web")
                        .withUid("u-1").withController(true).build())
                .endMetadata().withNewSpec().withSelector(owner.getSpec().getSelector()).withTemplate(owner.getSpec().getTemplate()).endSpec().build();
        rs.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example.com/shop:0.9");
        cluster.client().resource(rs).create();
        System.setProperty("kubeconfig", cluster.kubeconfig(tmp.resolve("kubeconfig"), null).toString());
    }

    @AfterEach
    void defaultTimeouts() {
        System.clearProperty("kubernetes.request.timeout");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("kubeconfig");
        cluster.close();
    }

    @Test
    void readsOneNamespace(QuarkusMainLauncher l) {
        LaunchResult r = l.launch("check", "--cluster", "--namespace", "shop");
        assertEquals(1, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getOutput().contains("Deployment shop/nginx, container nginx [split-nginx-php-fpm]"), r.getOutput());
        assertTrue(r.getOutput().startsWith("cluster "), "the origin of a live object is the cluster: " + r.getOutput());
        assertFalse(r.getOutput().contains("web"), r.getOutput());

        LaunchResult clean = l.launch("check", "--cluster", "-n", "web");
        assertEquals(0, clean.exitCode(), clean.getOutput() + clean.getErrorOutput());
        assertTrue(clean.getOutput().contains("phpod: no findings in 1 PHP workload (1 workload, 3 objects read)"), clean.getOutput());
    }

    @Test
    void readsTheAutoscalersThatRunManyPods(QuarkusMainLauncher l) {
        LaunchResult r = l.launch("check", "--cluster", "-n", "scaled");
        assertEquals(1, r.exitCode(), r.getOutput() + r.getErrorOutput());
        assertTrue(r.getOutput().contains("[migration-per-pod]"), r.getOutput());
        assertTrue(r.getOutput().contains("HorizontalPodAutoscaler web scales it to 10 pods"), r.getOutput());
    }

    @Test
    void readsAllNamespacesAndLeavesOwnedObjectsToTheirOwner(QuarkusMainLauncher l) {
        LaunchResult r = l.launch("check", "--cluster", "--all-namespaces", "--format", "json");
        assertEquals(1, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getOutput().contains("\"workloads\" : 4"), "two in shop, the Deployments of web and scaled; web's ReplicaSet is left out: " + r.getOutput());
        assertTrue(r.getOutput().contains("\"id\" : \"split-nginx-php-fpm\""), r.getOutput());
        assertFalse(r.getOutput().contains("copy-image-mismatch"), "the owned ReplicaSet (another image) is not checked: " + r.getOutput());
    }

    @Test
    void anAddressThatRefusesIsOneLineAtOnce(QuarkusMainLauncher l) {
        String server = "http://127.0.0.1:" + MockCluster.refusingPort();
        long start = System.nanoTime();
        LaunchResult r = launchAgainst(l, server);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 5_000, "not retried: " + ms + " ms");
        assertEquals(3, r.exitCode(), r.getOutput() + r.getErrorOutput());
        assertEquals("phpod: cannot read the cluster at " + server + "/: connection refused; check the kubeconfig (KUBECONFIG, ~/.kube/config)"
                + " and that it may list workloads and ConfigMaps in namespace default", r.getErrorOutput().strip());
        assertEquals("", r.getOutput());
    }

    /** The request timeout made short here; CheckCommandIT waits the default 20 s of the packaged phpod. */
    @Test
    void aServerThatNeverAnswersIsOneLineAfterTheRequestTimeout(QuarkusMainLauncher l) throws IOException {
        System.setProperty("kubernetes.request.timeout", "1500");
        try (MockCluster.Silent silent = new MockCluster.Silent()) {
            long start = System.nanoTime();
            LaunchResult r = launchAgainst(l, silent.url());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(3, r.exitCode(), r.getOutput() + r.getErrorOutput());
            assertTrue(r.getErrorOutput().startsWith("phpod: cannot read the cluster at " + silent.url() + "/: no answer within 1500 ms; check the kubeconfig"),
                    r.getErrorOutput());
            assertEquals(1, r.getErrorOutput().strip().lines().count(), r.getErrorOutput());
            assertTrue(ms >= 1_500 && ms < 10_000, "one request, given up after its timeout, not retried: " + ms + " ms");
        }
    }

    /** A self-signed certificate the kubeconfig does not trust (no CA, no insecure-skip-tls-verify). */
    @Test
    void anUntrustedCertificateIsOneLine(QuarkusMainLauncher l) {
        try (MockCluster tls = new MockCluster(true)) {
            LaunchResult r = launchAgainst(l, tls.url());
            assertEquals(3, r.exitCode(), r.getOutput() + r.getErrorOutput());
            assertTrue(r.getErrorOutput().startsWith("phpod: cannot read the cluster at " + tls.url() + "/: TLS: "), r.getErrorOutput());
            assertEquals(1, r.getErrorOutput().strip().lines().count(), r.getErrorOutput());
        }
    }

    private static LaunchResult launchAgainst(QuarkusMainLauncher l, String server) {
        String kubeconfig = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", MockCluster.kubeconfig(tmp.resolve("other-kubeconfig"), server, false, null).toString());
        try {
            return l.launch("check", "--cluster");
        } finally {
            System.setProperty("kubeconfig", kubeconfig);
        }
    }
}
