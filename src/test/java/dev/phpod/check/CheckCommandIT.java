package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

import dev.phpod.support.HelmRunner;
import dev.phpod.support.MockCluster;
import dev.phpod.support.Packaged;

/**
 * phpod check as packaged (the native binary after {@code ./mvnw verify -Dnative}, else the jar),
 * run as a user runs it: the README's pipes from kustomize build and helm template into
 * {@code phpod check -}, and {@code --cluster} through a kubeconfig that points at fabric8's
 * Kubernetes mock server over TLS and signs in through a credential plugin (kubeconfig exec, as
 * GKE's, EKS's and AKS's kubeconfigs do), and at servers that refuse or never answer.
 */
class CheckCommandIT {
    @TempDir
    static Path tmp;

    static MockCluster cluster;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void cluster() {
        cluster = new MockCluster(true);
        cluster.create(CheckCorpusTest.CORPUS.resolve("split-nginx-php-fpm/fires-two-deployments.yaml"), "shop");
        cluster.create(CheckCorpusTest.CORPUS.resolve("clean/one-pod-copy-step.yaml"), "web");
    }

    @AfterAll
    static void stop() {
        cluster.close();
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
        assertTrue(text.out().startsWith("-:33: warning: Deployment shop/nginx, container nginx [split-nginx-php-fpm]"), text.out());
        Run sarif = run(List.of("phpod", "check", "--format", "sarif", "-"), tmp, split, Map.of());
        assertEquals(1, sarif.exit());
        assertTrue(sarif.out().contains("\"ruleId\" : \"split-nginx-php-fpm\""), sarif.out());
        Run bad = run(List.of("phpod", "check", "-"), tmp, "kind: [", Map.of());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("phpod: -:"), bad.err());
    }

    /** README, "Check": a pipe whose first command fails gives phpod nothing, which is not a pass. */
    @Test
    void anEmptyPipeIsExitTwoAndOneLine() throws Exception {
        Run r = run(List.of("bash", "-c", "false | phpod check -"), tmp, "", Map.of());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("phpod: -: nothing read (no Kubernetes object on standard input); "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** The mock server's kubeconfig: TLS without a CA (self-signed), namespace shop, a token from a credential plugin. */
    static Map<String, String> kubeconfig() throws IOException {
        Path plugin = tmp.resolve("credential-plugin");
        Files.writeString(plugin, """
                #!/bin/sh
                echo '{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": "from-the-plugin"}}'
                """);
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = tmp.resolve("kubeconfig");
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: tester, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: "%s", interactiveMode: Never}}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: shop}}]
                current-context: mock
                """.formatted(cluster.url(), plugin));
        return Map.of("KUBECONFIG", config.toString());
    }

    /** Also: nothing on standard error, where the client would warn of a credential it could not read. */
    @Test
    void clusterModeReadsTheKubeconfigsNamespaceOrTheOneAsked() throws Exception {
        assertTrue(cluster.url().startsWith("https://"), cluster.url());
        Run shop = run(List.of("phpod", "check", "--cluster"), tmp, "", kubeconfig());
        assertEquals(1, shop.exit(), shop.out() + shop.err());
        assertTrue(shop.out().contains("Deployment shop/nginx, container nginx [split-nginx-php-fpm]"), shop.out());
        assertEquals("", shop.err());
        Run web = run(List.of("phpod", "check", "--cluster", "--namespace", "web"), tmp, "", kubeconfig());
        assertEquals(0, web.exit(), web.out() + web.err());
        assertEquals("", web.err());
        Run all = run(List.of("phpod", "check", "--cluster", "-A", "--format", "json"), tmp, "", kubeconfig());
        assertEquals(1, all.exit(), all.err());
        assertTrue(all.out().contains("\"workloads\" : 3"), all.out());
        assertEquals("", all.err());
    }

    @Test
    void anAddressThatRefusesIsOneLineAndExitThreeAtOnce() throws Exception {
        String server = "http://127.0.0.1:" + MockCluster.refusingPort();
        Path config = MockCluster.kubeconfig(tmp.resolve("closed-kubeconfig"), server, false, null);
        long start = System.nanoTime();
        Run r = run(List.of("phpod", "check", "--cluster"), tmp, "", Map.of("KUBECONFIG", config.toString()));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("phpod: cannot read the cluster at " + server + "/: connection refused; "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());
        assertTrue(ms < 5_000, "not retried: " + ms + " ms");
    }

    /** The packaged phpod's own timeout: 20 s for an answer, once. */
    @Test
    void aServerThatNeverAnswersIsOneLineAfterTwentySeconds() throws Exception {
        try (MockCluster.Silent silent = new MockCluster.Silent()) {
            Path config = MockCluster.kubeconfig(tmp.resolve("silent-kubeconfig"), silent.url(), false, null);
            long start = System.nanoTime();
            Run r = run(List.of("phpod", "check", "--cluster"), tmp, "", Map.of("KUBECONFIG", config.toString()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(3, r.exit(), r.out() + r.err());
            assertTrue(r.err().startsWith("phpod: cannot read the cluster at " + silent.url() + "/: no answer within 20 s; "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(ms >= 20_000 && ms < 35_000, "one request of 20 s, not retried: " + ms + " ms");
        }
    }
}
