package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * phpod check in-process: inputs, formats, exit codes, and one line for each bad input. Standard
 * input, the README's pipes and the cluster through a kubeconfig run against the packaged binary
 * (CheckCommandIT): Quarkus' test console owns System.in here.
 */
@QuarkusMainTest
class CheckCommandTest {
    static final Path CORPUS = CheckCorpusTest.CORPUS;

    @TempDir
    Path tmp;

    @Test
    void textNamesTheLineObjectContainerWhyFixAndSection(QuarkusMainLauncher l) {
        Path f = CORPUS.resolve("empty-code-volume/fires-no-init-container.yaml");
        LaunchResult r = l.launch("check", f.toString());
        assertEquals(1, r.exitCode(), r.getErrorOutput());
        List<String> lines = r.getOutput().lines().toList();
        assertEquals(f + ":52: Deployment web, container nginx [empty-code-volume]", lines.get(0));
        assertTrue(lines.get(1).startsWith("  emptyDir 'code' at /srv/code starts empty"), lines.get(1));
        assertTrue(lines.get(2).startsWith("  fix: add an init container from the app image"), lines.get(2));
        assertEquals("  see: phpod README.md#empty-code-volume", lines.get(3));
        assertEquals("phpod: 1 finding in 1 of 1 PHP workload (1 workload, 3 objects read)", lines.get(4));
        assertEquals("", r.getErrorOutput().strip());
    }

    @Test
    void readsFoldersAndSeveralInputs(QuarkusMainLauncher l) {
        LaunchResult dir = l.launch("check", CORPUS.resolve("copy-without-marker").toString());
        assertEquals(1, dir.exitCode());
        assertEquals(2, dir.getOutput().lines().filter(x -> x.endsWith("[copy-without-marker]")).count(), dir.getOutput());

        LaunchResult both = l.launch("check", CORPUS.resolve("split-nginx-php-fpm/fires-two-deployments.yaml").toString(),
                CORPUS.resolve("clean/one-pod-copy-step.yaml").toString());
        assertEquals(1, both.exitCode());
        assertTrue(both.getOutput().contains("in 1 of 3 PHP workloads (3 workloads, 6 objects read)"), both.getOutput());
    }

    @Test
    void readsKubectlListsAndOtherPodTemplates(QuarkusMainLauncher l) throws IOException {
        // kubectl get -o yaml prints a List; an Argo Rollout has a pod template at spec.template.
        Path list = tmp.resolve("list.yaml");
        Files.writeString(list, """
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: argoproj.io/v1alpha1
                    kind: Rollout
                    metadata: {name: shop, namespace: prod}
                    spec:
                      template:
                        spec:
                          containers:
                            - {name: nginx, image: nginx:1.27, volumeMounts: [{name: www, mountPath: /var/www/html}]}
                            - {name: php, image: php:8.3-fpm, volumeMounts: [{name: www, mountPath: /var/www/html}]}
                          volumes: [{name: www, emptyDir: {}}]
                  - apiVersion: batch/v1
                    kind: CronJob
                    metadata: {name: cron, namespace: prod}
                    spec:
                      schedule: "* * * * *"
                      jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: php, image: php:8.3-fpm}]}}}}
                """);
        LaunchResult r = l.launch("check", "--format", "json", list.toString());
        assertEquals(1, r.exitCode(), r.getErrorOutput());
        JsonNode json = new ObjectMapper().readTree(r.getOutput());
        assertEquals(2, json.get("workloads").asInt());
        assertTrue(json.get("findings").findValuesAsText("id").contains("empty-code-volume"), r.getOutput());
        assertTrue(r.getOutput().contains("\"kind\" : \"Rollout\"") && r.getOutput().contains("\"kind\" : \"CronJob\""), r.getOutput());
    }

    @Test
    void jsonAndSarifCarryEveryFinding(QuarkusMainLauncher l) throws IOException {
        Path f = CORPUS.resolve("pod-security-restricted/fires-defaults.yaml");
        LaunchResult json = l.launch("check", "--format", "json", f.toString());
        assertEquals(1, json.exitCode());
        JsonNode j = new ObjectMapper().readTree(json.getOutput());
        assertEquals(4, j.get("findings").size());
        JsonNode first = j.get("findings").get(0);
        for (String field : List.of("id", "title", "object", "container", "file", "line", "why", "fix", "help")) {
            assertTrue(first.has(field), () -> "no " + field + " in " + first);
        }
        assertEquals(f.toString(), first.get("file").asText());
        assertEquals("README.md#pod-security-restricted", first.get("help").asText());

        LaunchResult sarif = l.launch("check", "--format", "sarif", f.toString());
        assertEquals(1, sarif.exitCode());
        JsonNode s = new ObjectMapper().readTree(sarif.getOutput());
        assertEquals("2.1.0", s.get("version").asText());
        JsonNode run = s.get("runs").get(0);
        assertEquals("phpod", run.at("/tool/driver/name").asText());
        assertEquals(Rule.values().length, run.at("/tool/driver/rules").size());
        assertEquals(4, run.get("results").size());
        for (JsonNode result : run.get("results")) {
            String id = result.get("ruleId").asText();
            assertEquals(id, run.at("/tool/driver/rules/" + result.get("ruleIndex").asInt() + "/id").asText(), "ruleIndex points at its rule");
            assertEquals(f.toString(), result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
            assertTrue(result.at("/locations/0/physicalLocation/region/startLine").asInt() > 0);
            assertTrue(result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText().startsWith("Deployment/web"));
            assertFalse(result.at("/message/text").asText().isBlank());
        }
        LaunchResult cleanSarif = l.launch("check", "--format", "sarif", CORPUS.resolve("clean").toString());
        assertEquals(0, cleanSarif.exitCode());
        assertEquals(0, new ObjectMapper().readTree(cleanSarif.getOutput()).at("/runs/0/results").size());
    }

    @Test
    void helpListsEveryFindingAndTheExamples(QuarkusMainLauncher l) {
        LaunchResult r = l.launch("check", "--help");
        assertEquals(0, r.exitCode());
        String ids = String.join(", ", Arrays.stream(Rule.values()).map(x -> x.id).toList());
        assertTrue(r.getOutput().replaceAll("\\s+", " ").contains("Findings: " + ids + "."), r.getOutput());
        assertTrue(r.getOutput().contains("kustomize build deploy/kustomize/overlays/prod | phpod check -"), r.getOutput());
    }

    /** Each bad input: exit 2, one line on stderr naming what and the fix, nothing on stdout. */
    @Test
    void badInputIsOneLineAndExitTwo(QuarkusMainLauncher l) throws IOException {
        Files.writeString(tmp.resolve("broken.yaml"), "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\n");
        Files.writeString(tmp.resolve("types.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
                + "      containers:\n        - name: nginx\n          ports: [{containerPort: [80]}]\n");
        Files.writeString(tmp.resolve("template.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"x.fullname\" . }}\n");
        Files.writeString(tmp.resolve("values.yaml"), "replicaCount: 1\n");
        Files.writeString(tmp.resolve("notemplate.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: x}\n");
        Files.write(tmp.resolve("latin1.yaml"), new byte[] { 'a', ':', ' ', (byte) 0xe9, '\n' });
        Files.createDirectories(tmp.resolve("empty"));
        // An alias bomb (a billion laughs) and a nesting depth meant to exhaust the stack.
        StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1))))
                    .append("]\n");
        }
        Files.writeString(tmp.resolve("bomb.yaml"), bomb);
        Files.writeString(tmp.resolve("deep.yaml"), "apiVersion: v1\nkind: ConfigMap\ndata: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("check"), "phpod: nothing to check; give manifests (FILE, DIR, or - for standard input) or --cluster");
        cases.put(List.of("check", tmp.resolve("missing.yaml").toString()), "phpod: " + tmp.resolve("missing.yaml")
                + ": no such file or folder; pass Kubernetes YAML, such as the output of helm template or kustomize build, or - for standard input");
        cases.put(List.of("check", tmp.resolve("broken.yaml").toString()), "phpod: " + tmp.resolve("broken.yaml") + ":");
        cases.put(List.of("check", tmp.resolve("types.yaml").toString()), "phpod: " + tmp.resolve("types.yaml")
                + ":1: Deployment web does not match the Kubernetes API: spec.template.spec.containers[0].ports[0].containerPort:");
        cases.put(List.of("check", tmp.resolve("template.yaml").toString()), "phpod: " + tmp.resolve("template.yaml")
                + ":1: a Helm template, not a manifest; render the chart first: helm template RELEASE CHART | phpod check -");
        cases.put(List.of("check", tmp.resolve("values.yaml").toString()), "phpod: " + tmp.resolve("values.yaml")
                + ":1: not a Kubernetes object (no apiVersion and kind)");
        cases.put(List.of("check", tmp.resolve("notemplate.yaml").toString()), "phpod: " + tmp.resolve("notemplate.yaml")
                + ":5: CronJob c has no spec.jobTemplate.spec.template.spec; pass Kubernetes YAML");
        cases.put(List.of("check", tmp.resolve("latin1.yaml").toString()), "phpod: " + tmp.resolve("latin1.yaml") + ": not UTF-8 text");
        cases.put(List.of("check", tmp.resolve("bomb.yaml").toString()), "phpod: " + tmp.resolve("bomb.yaml")
                + ":1: not YAML (Number of aliases for non-scalar nodes exceeds the specified max=50)");
        cases.put(List.of("check", tmp.resolve("deep.yaml").toString()), "phpod: " + tmp.resolve("deep.yaml")
                + ":1: not YAML (Nesting Depth exceeded max 50)");
        cases.put(List.of("check", tmp.resolve("empty").toString()), "phpod: " + tmp.resolve("empty") + ": no *.yaml, *.yml or *.json file in this folder");
        cases.put(List.of("check", "/dev/zero"), "phpod: /dev/zero: not a regular file or folder");
        cases.put(List.of("check", "--format", "xml", "x.yaml"), "phpod: --format: unknown format 'xml'; use text, json or sarif");
        cases.put(List.of("check", "-", "-"), "phpod: - (standard input) given twice; it can be read once");
        cases.put(List.of("check", "--namespace", "shop", "x.yaml"), "phpod: --namespace needs --cluster");
        cases.put(List.of("check", "--cluster", "x.yaml"), "phpod: --cluster reads the cluster, not files; give either --cluster or FILE|DIR|-");
        cases.put(List.of("check", "--cluster", "-n", "a", "-A"), "phpod: Error: --namespace=NS, --all-namespaces are mutually exclusive");
        for (var c : cases.entrySet()) {
            LaunchResult r = l.launch(c.getKey().toArray(String[]::new));
            String err = r.getErrorOutput().strip();
            assertEquals(2, r.exitCode(), () -> c.getKey() + ": " + err);
            assertTrue(err.startsWith(c.getValue()), () -> c.getKey() + ": expected a line starting with\n" + c.getValue() + "\nbut got\n" + err);
            assertEquals(1, err.lines().count(), () -> c.getKey() + ": one line, got:\n" + err);
            assertEquals("", r.getOutput().strip(), () -> c.getKey() + " printed on stdout");
        }
    }
}
