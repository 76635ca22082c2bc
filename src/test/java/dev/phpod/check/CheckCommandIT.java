package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import dev.phpod.support.HelmRunner;
import dev.phpod.support.Packaged;

/**
 * phpod check as packaged (the native binary after {@code ./mvnw verify -Dnative}, else the jar),
 * run as a user runs it: the README's pipes from kustomize build and helm template into
 * {@code phpod check -}, and {@code --cluster} through a kubeconfig that points at the Kubernetes
 * mock server of Quarkus' test support.
 */
class CheckCommandIT {
    @TempDir
    static Path tmp;

    static KubernetesServer server;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void cluster() throws IOException {
        server = new KubernetesServer(false, true, InetAddress.getLoopbackAddress(), 0, List.of());
        server.before();
        for (String f : List.of("split-nginx-php-fpm/fires-two-deployments.yaml", "clean/one-pod-copy-step.yaml")) {
            for (HasMetadata o : server.getClient().load(Files.newInputStream(CheckCorpusTest.CORPUS.resolve(f))).items()) {
                o.getMetadata().setNamespace(f.startsWith("clean") ? "web" : "shop");
                server.getClient().resource(o).create();
            }
        }
    }

    @AfterAll
    static void stop() {
        server.after();
    }

    /** A folder with `phpod` on it, the packaged one, for shell pipes written as the README writes them. */
    static Path bin() throws IOException {
        Path bin = tmp.resolve("bin");
        if (!Files.isDirectory(bin)) {
            Files.createDirectories(bin);
            Path phpod = bin.resolve("phpod");
            List<String> cmd = Packaged.command();
            Files.writeString(phpod, "#!/bin/sh\nexec " + String.join(" ", cmd.stream().map(c -> "'" + c + "'").toList()) + " \"$@\"\n");
            Files.setPosixFilePermissions(phpod, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    static Run run(List<String> command, Path dir, String stdin, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Path in = Files.createTempFile(tmp, "in", ".txt");
        Files.writeString(in, stdin);
        List<String> resolved = new ArrayList<>(command);
        if (resolved.get(0).equals("phpod")) {
            resolved.set(0, bin().resolve("phpod").toString()); // the parent's PATH finds programs, not the child's
        }
        ProcessBuilder pb = new ProcessBuilder(resolved).directory(dir.toFile()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("PATH", bin() + ":" + System.getenv("PATH"));
        pb.environment().put("HOME", tmp.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Path project() throws Exception {
        Path dir = tmp.resolve("project");
        if (!Files.isDirectory(dir.resolve("deploy"))) {
            Files.createDirectories(dir);
            Run init = run(List.of("phpod", "init", "--name", "shop", "--image", "registry.example.com/shop:1.4.2"), dir, "", Map.of());
            assertEquals(0, init.exit(), init.err());
        }
        return dir;
    }

    /** README, "Check": the command as written there, through a shell. */
    @Test
    void theReadmesKustomizePipeHasNoFindingOnPhpodsOutput() throws Exception {
        Run r = run(List.of("bash", "-o", "pipefail", "-c", "kustomize build deploy/kustomize/overlays/prod | phpod check -"), project(), "", Map.of());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("phpod: no findings in 1 PHP workload (1 workload, 8 objects read)", r.out().strip());
    }

    /** README, "Check": helm template's output on standard input (rendered by helm-java: the Helm CLI is not installed here). */
    @Test
    void theReadmesHelmPipeHasNoFindingOnPhpodsOutput() throws Exception {
        Path dir = project();
        String rendered = HelmRunner.template(dir.resolve("deploy/helm/shop"), dir.resolve("deploy/helm/values-prod.yaml"));
        Run r = run(List.of("phpod", "check", "-"), dir, rendered, Map.of());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("phpod: no findings in 1 PHP workload"), r.out());
    }

    @Test
    void standardInputWithFindingsAndEveryFormat() throws Exception {
        String split = Files.readString(CheckCorpusTest.CORPUS.resolve("split-nginx-php-fpm/fires-two-deployments.yaml"));
        Run text = run(List.of("phpod", "check", "-"), tmp, split, Map.of());
        assertEquals(1, text.exit(), text.err());
        assertTrue(text.out().startsWith("-:21: Deployment shop/nginx, container nginx [split-nginx-php-fpm]"), text.out());
        Run sarif = run(List.of("phpod", "check", "--format", "sarif", "-"), tmp, split, Map.of());
        assertEquals(1, sarif.exit());
        assertTrue(sarif.out().contains("\"ruleId\" : \"split-nginx-php-fpm\""), sarif.out());
        Run bad = run(List.of("phpod", "check", "-"), tmp, "kind: [", Map.of());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("phpod: -:"), bad.err());
    }

    static Map<String, String> kubeconfig() throws IOException {
        Path config = tmp.resolve("kubeconfig");
        String url = server.getKubernetesMockServer().url("/").replaceAll("/$", "");
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: tester, user: {token: not-checked}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: shop}}]
                current-context: mock
                """.formatted(url));
        return Map.of("KUBECONFIG", config.toString());
    }

    @Test
    void clusterModeReadsTheKubeconfigsNamespaceOrTheOneAsked() throws Exception {
        Run shop = run(List.of("phpod", "check", "--cluster"), tmp, "", kubeconfig());
        assertEquals(1, shop.exit(), shop.out() + shop.err());
        assertTrue(shop.out().contains("Deployment shop/nginx, container nginx [split-nginx-php-fpm]"), shop.out());
        Run web = run(List.of("phpod", "check", "--cluster", "--namespace", "web"), tmp, "", kubeconfig());
        assertEquals(0, web.exit(), web.out() + web.err());
        Run all = run(List.of("phpod", "check", "--cluster", "-A", "--format", "json"), tmp, "", kubeconfig());
        assertEquals(1, all.exit(), all.err());
        assertTrue(all.out().contains("\"workloads\" : 3"), all.out());
    }

    @Test
    void anUnreachableClusterIsOneLineAndExitThree() throws Exception {
        Path config = tmp.resolve("closed-kubeconfig");
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters: [{name: closed, cluster: {server: "http://127.0.0.1:9"}}]
                users: [{name: tester, user: {token: t}}]
                contexts: [{name: closed, context: {cluster: closed, user: tester}}]
                current-context: closed
                """);
        List<String> cmd = new ArrayList<>(List.of("phpod", "check", "--cluster"));
        Run r = run(cmd, tmp, "", Map.of("KUBECONFIG", config.toString()));
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("phpod: cannot read the cluster at http://127.0.0.1:9/: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());
    }
}
