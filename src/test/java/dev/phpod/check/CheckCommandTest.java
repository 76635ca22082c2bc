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

import dev.phpod.support.InProcessCli;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * phpod check in-process (inside the test run's one Quarkus application, see {@link InProcessCli}):
 * inputs, formats, rule selection and suppression, exit codes, and one line for each bad input.
 * Standard input, the README's pipes and the cluster through a kubeconfig run against the packaged
 * binary (CheckCommandIT): Quarkus' test console owns System.in here; CheckInputTest reads an empty
 * standard input through the same handler.
 */
@QuarkusTest
class CheckCommandTest {
    static final Path CORPUS = CheckCorpusTest.CORPUS;

    final QuarkusMainLauncher l = new InProcessCli();

    @TempDir
    Path tmp;

    @Test
    void textNamesTheLineObjectContainerWhyFixAndSection() {
        Path f = CORPUS.resolve("empty-code-volume/fires-no-init-container.yaml");
        LaunchResult r = l.launch("check", f.toString());
        assertEquals(1, r.exitCode(), r.getErrorOutput());
        List<String> lines = r.getOutput().lines().toList();
        // The line of the container the finding is about (the Deployment starts at 52).
        assertEquals(f + ":74: error: Deployment web, container nginx [empty-code-volume]", lines.get(0));
        assertTrue(lines.get(1).startsWith("  emptyDir 'code' at /srv/code starts empty"), lines.get(1));
        assertTrue(lines.get(2).startsWith("  fix: add an init container from the app image"), lines.get(2));
        assertEquals("  see: phpod check --explain empty-code-volume", lines.get(3));
        assertEquals("phpod: 1 finding in 1 of 1 PHP workload (1 workload, 3 objects read)", lines.get(4));
        assertEquals("", r.getErrorOutput().strip());
    }

    @Test
    void readsFoldersAndSeveralInputs() {
        LaunchResult dir = l.launch("check", CORPUS.resolve("copy-without-marker").toString());
        assertEquals(1, dir.exitCode());
        assertEquals(2, dir.getOutput().lines().filter(x -> x.endsWith("[copy-without-marker]")).count(), dir.getOutput());
        assertTrue(dir.getOutput().lines().allMatch(x -> !x.endsWith("[copy-without-marker]") || x.contains(": error: ")), dir.getOutput());

        LaunchResult both = l.launch("check", CORPUS.resolve("split-nginx-php-fpm/fires-two-deployments.yaml").toString(),
                CORPUS.resolve("clean/one-pod-copy-step.yaml").toString());
        assertEquals(1, both.exitCode());
        assertTrue(both.getOutput().contains("in 1 of 3 PHP workloads (3 workloads, 6 objects read)"), both.getOutput());
    }

    @Test
    void readsKubectlListsAndOtherPodTemplates() throws IOException {
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
    void jsonAndSarifCarryEveryFinding() throws IOException {
        Path f = CORPUS.resolve("pod-security-restricted/fires-defaults.yaml");
        LaunchResult json = l.launch("check", "--format", "json", f.toString());
        assertEquals(1, json.exitCode());
        JsonNode j = new ObjectMapper().readTree(json.getOutput());
        // One finding for the workload, naming each container that breaks the profile.
        assertEquals(1, j.get("findings").size(), json.getOutput());
        JsonNode first = j.get("findings").get(0);
        for (String field : List.of("id", "level", "title", "object", "container", "containers", "file", "line", "why", "fix", "help")) {
            assertTrue(first.has(field), () -> "no " + field + " in " + first);
        }
        assertEquals(f.toString(), first.get("file").asText());
        assertEquals("warning", first.get("level").asText());
        assertEquals("[\"copy-code\",\"php-fpm\",\"nginx\"]", first.get("containers").toString());
        assertTrue(first.get("why").asText().contains("the pod: volume tmp is hostPath"), first.toString());
        assertTrue(first.get("fix").asText().contains("nginx, no longer root, listens on a port above 1023"), first.toString());
        assertEquals("phpod check --explain pod-security-restricted", first.get("help").asText());

        LaunchResult sarif = l.launch("check", "--format", "sarif", f.toString());
        assertEquals(1, sarif.exitCode());
        JsonNode s = new ObjectMapper().readTree(sarif.getOutput());
        assertEquals("2.1.0", s.get("version").asText());
        JsonNode run = s.get("runs").get(0);
        assertEquals("phpod", run.at("/tool/driver/name").asText());
        assertEquals(Rule.values().length, run.at("/tool/driver/rules").size());
        for (JsonNode rule : run.at("/tool/driver/rules")) {
            Rule r = Rule.byId(rule.get("id").asText()).orElseThrow();
            assertEquals(r.level.label(), rule.at("/defaultConfiguration/level").asText());
            assertFalse(rule.has("helpUri"), "phpod has no public docs URL: the docs are inline");
            assertTrue(rule.at("/help/text").asText().contains(r.fix), rule.toString());
            assertEquals(r.why, rule.at("/fullDescription/text").asText());
        }
        assertEquals(1, run.get("results").size());
        assertEquals("warning", run.at("/results/0/level").asText());
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
    void helpListsEveryRuleFromTheRegistryTheAnnotationsAndTheExamples() {
        LaunchResult r = l.launch("check", "--help");
        assertEquals(0, r.exitCode());
        String ids = String.join(", ", Arrays.stream(Rule.values()).map(x -> x.id).toList());
        String flat = r.getOutput().replaceAll("\\s+", " ");
        assertTrue(flat.contains("Rules (" + Rule.values().length + "; --list-rules, --explain ID): " + ids + "."), r.getOutput());
        assertTrue(flat.contains(Ignore.IGNORE + ": ") && flat.contains(Ignore.REASON + ": ") && flat.contains("A reason is required"), r.getOutput());
        for (String option : List.of("--include", "--exclude", "--explain", "--list-rules")) {
            assertTrue(r.getOutput().contains(option), option);
        }
        assertTrue(r.getOutput().contains("kustomize build deploy/kustomize/overlays/prod | phpod check -"), r.getOutput());
        assertTrue(r.getOutput().contains("2  bad command line; or no finding and an input could not be read"), r.getOutput());
    }

    @Test
    void explainPrintsTheRegistrysTextAndListRulesEveryRule() {
        for (Rule rule : Rule.values()) {
            LaunchResult r = l.launch("check", "--explain", rule.id);
            assertEquals(0, r.exitCode(), r.getErrorOutput());
            assertEquals(RuleDocs.explain(rule).strip(), r.getOutput().strip());
            assertTrue(r.getOutput().startsWith(rule.id + " (" + rule.level.label() + "): " + rule.title + "\n"), r.getOutput());
            assertTrue(r.getOutput().contains("\nFix: ") && r.getOutput().contains("\nExample:\n"), r.getOutput());
        }
        assertTrue(l.launch("check", "--explain", "writable-root-filesystem").getOutput().contains("(warning)"));
        assertTrue(l.launch("check", "--explain", "empty-code-volume").getOutput().contains("(error)"));
        LaunchResult list = l.launch("check", "--list-rules");
        assertEquals(0, list.exitCode());
        assertEquals(Rule.values().length, list.getOutput().lines().count(), list.getOutput());
        assertTrue(list.getOutput().lines().anyMatch(x -> x.matches("pod-security-restricted\\s+warning\\s+The pod does not meet.*")), list.getOutput());
    }

    @Test
    void includeAndExcludeChooseTheRules() {
        String corpus = CORPUS.toString();
        LaunchResult only = l.launch("check", "--include", "empty-code-volume,copy-without-marker", corpus);
        assertEquals(1, only.exitCode(), only.getErrorOutput());
        List<String> ids = only.getOutput().lines().filter(x -> x.endsWith("]")).map(x -> x.replaceAll(".*\\[(.*)]$", "$1")).distinct().sorted().toList();
        assertEquals(List.of("copy-without-marker", "empty-code-volume"), ids, only.getOutput());
        Path f = CORPUS.resolve("pod-security-restricted/fires-defaults.yaml");
        LaunchResult without = l.launch("check", "--exclude", "pod-security-restricted", f.toString());
        assertEquals(0, without.exitCode(), without.getOutput());
        LaunchResult both = l.launch("check", "--include", "pod-security-restricted", "--exclude", "pod-security-restricted", f.toString());
        assertEquals(0, both.exitCode(), "--exclude wins over --include: " + both.getOutput());
    }

    /** phpod.dev/ignore with a reason silences the rule for that workload; without one, nothing is silenced and a note says so. */
    @Test
    void theIgnoreAnnotationSilencesAWorkloadWithAReason() throws IOException {
        Path silenced = CORPUS.resolve("writable-root-filesystem/silent-ignored-with-reason.yaml");
        LaunchResult text = l.launch("check", silenced.toString());
        assertEquals(0, text.exitCode(), text.getOutput());
        assertTrue(text.getOutput().strip().endsWith("; 1 silenced by phpod.dev/ignore"), text.getOutput());
        LaunchResult json = l.launch("check", "--format", "json", silenced.toString());
        JsonNode s = new ObjectMapper().readTree(json.getOutput()).at("/suppressed/0");
        assertEquals("writable-root-filesystem", s.get("id").asText());
        assertTrue(s.get("reason").asText().contains("OPS-12"), s.toString());
        LaunchResult sarif = l.launch("check", "--format", "sarif", silenced.toString());
        JsonNode result = new ObjectMapper().readTree(sarif.getOutput()).at("/runs/0/results/0");
        assertEquals("inSource", result.at("/suppressions/0/kind").asText());
        assertTrue(result.at("/suppressions/0/justification").asText().contains("OPS-12"));

        // On the pod template, without a reason, and with a typo.
        String yaml = Files.readString(silenced).replace("  annotations:\n    phpod.dev/ignore: writable-root-filesystem\n"
                + "    phpod.dev/ignore-reason: \"the vendor image writes its cache under /var/www; ticket OPS-12\"\n", "")
                .replace("    metadata: {labels: {app: web}}", "    metadata:\n      labels: {app: web}\n      annotations: {phpod.dev/ignore: \"writable-root-filesystem, writable-rot\"}");
        Path noReason = tmp.resolve("no-reason.yaml");
        Files.writeString(noReason, yaml);
        LaunchResult r = l.launch("check", noReason.toString());
        assertEquals(1, r.exitCode(), r.getOutput());
        assertTrue(r.getOutput().contains("[writable-root-filesystem]"), r.getOutput());
        assertTrue(r.getErrorOutput().contains("phpod: note: " + noReason + ":")
                && r.getErrorOutput().contains(": Deployment web: phpod.dev/ignore names no rule writable-rot (valid: "), r.getErrorOutput());
        assertTrue(r.getErrorOutput().contains("phpod.dev/ignore without phpod.dev/ignore-reason silences nothing"), r.getErrorOutput());
        Path withReason = tmp.resolve("template-reason.yaml");
        Files.writeString(withReason, yaml.replace("annotations: {phpod.dev/ignore: \"writable-root-filesystem, writable-rot\"}",
                "annotations: {phpod.dev/ignore: writable-root-filesystem, phpod.dev/ignore-reason: vendor image}"));
        LaunchResult ok = l.launch("check", withReason.toString());
        assertEquals(0, ok.exitCode(), ok.getOutput() + ok.getErrorOutput());
        assertEquals("", ok.getErrorOutput());
    }

    /**
     * A folder that holds a chart's sources beside manifests: every manifest is checked, each file
     * that could not be read is one line on stderr, values files are skipped with a note, and the
     * exit code is 1 (findings) before 2 (unreadable) before 0.
     */
    @Test
    void aFolderIsCheckedFileByFile() throws IOException {
        Path dir = tmp.resolve("k8s");
        Files.createDirectories(dir.resolve("chart/templates"));
        Files.writeString(dir.resolve("chart/values.yaml"), "replicaCount: 1\nimage: {tag: x}\n");
        Files.writeString(dir.resolve("chart/Chart.yaml"), "name: shop\nversion: 0.1.0\n");
        Files.writeString(dir.resolve("chart/templates/deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"x.fullname\" . }}\n");
        Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n");
        Files.copy(CORPUS.resolve("empty-code-volume/fires-no-init-container.yaml"), dir.resolve("web.yaml"));
        LaunchResult r = l.launch("check", dir.toString());
        assertEquals(1, r.exitCode(), r.getOutput() + r.getErrorOutput());
        assertTrue(r.getOutput().contains("[empty-code-volume]"), r.getOutput());
        assertTrue(r.getOutput().strip().endsWith("; 2 inputs could not be read (see standard error)"), r.getOutput());
        List<String> err = r.getErrorOutput().lines().toList();
        // The notes first, then one line per file that could not be read, each in the folder's order.
        assertEquals(List.of("phpod: note: " + dir.resolve("chart/Chart.yaml") + ": skipped, not a Kubernetes manifest (no apiVersion and kind)",
                "phpod: note: " + dir.resolve("chart/values.yaml") + ": skipped, not a Kubernetes manifest (no apiVersion and kind)",
                "phpod: " + dir.resolve("broken.yaml") + ":4: not YAML",
                "phpod: " + dir.resolve("chart/templates/deployment.yaml") + ":1: a Helm template, not a manifest"),
                err.stream().map(x -> x.replaceAll("(not YAML|a Helm template, not a manifest)[ ;(].*", "$1")).toList(), r.getErrorOutput());

        Files.delete(dir.resolve("web.yaml"));
        Files.copy(CORPUS.resolve("clean/one-pod-copy-step.yaml"), dir.resolve("web.yaml"));
        LaunchResult clean = l.launch("check", dir.toString());
        assertEquals(2, clean.exitCode(), "no finding, but two files could not be read: " + clean.getOutput());
        assertTrue(clean.getOutput().startsWith("phpod: no findings in 1 PHP workload"), clean.getOutput());

        Path values = tmp.resolve("values-only");
        Files.createDirectories(values);
        Files.writeString(values.resolve("values.yaml"), "replicaCount: 1\n");
        LaunchResult nothing = l.launch("check", values.toString());
        assertEquals(2, nothing.exitCode());
        assertEquals("", nothing.getOutput());
        assertTrue(nothing.getErrorOutput().strip().endsWith("phpod: " + values + ": nothing read (no Kubernetes object in any file of this folder); "
                + "pass Kubernetes YAML, such as the output of helm template or kustomize build"), nothing.getErrorOutput());
    }

    /**
     * One bad object does not hide the others, as kubectl applies object by object: it is one line on
     * stderr (file, line, the object, what is wrong) and the rest of the file is checked; exit 1 when
     * the rest has findings, else 2.
     */
    @Test
    void aBadObjectIsReportedAndTheRestOfItsFileChecked() throws IOException {
        String web = Files.readString(CORPUS.resolve("empty-code-volume/fires-no-init-container.yaml"));
        String typo = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: wordpress}\nspec:\n  template:\n    spec:\n      containers: [{name: wordpress, image: wordpress:6-fpm}]\n"
                + "      volumes: [{name: conf, configMap: {name: conf, optional: fals}}]\n";
        String noApi = "piVersion: v1\nkind: Service\nmetadata: {name: wordpress}\nspec: {ports: [{port: 9000}]}\n";
        String neverServed = "apiVersion: extensions/v1\nkind: Deployment\nmetadata: {name: site}\nspec:\n  template:\n    spec:\n      containers: [{name: nginx, image: nginx:1.27}]\n";
        Path mixed = tmp.resolve("mixed.yaml");
        Files.writeString(mixed, typo + "---\n" + web + "\n---\n" + noApi + "---\n" + neverServed);
        LaunchResult r = l.launch("check", mixed.toString());
        assertEquals(1, r.exitCode(), r.getOutput() + r.getErrorOutput());
        assertTrue(r.getOutput().contains("[empty-code-volume]"), r.getOutput());
        List<String> err = r.getErrorOutput().lines().toList();
        List<String> lines = Files.readAllLines(mixed);
        int service = lines.indexOf("piVersion: v1") + 1;
        int site = lines.indexOf("apiVersion: extensions/v1") + 1;
        assertEquals(List.of("phpod: " + mixed + ":1: Deployment wordpress does not match the Kubernetes API: spec.template.spec.volumes[0].configMap.optional:",
                "phpod: " + mixed + ":" + service + ": Service wordpress has no apiVersion (a misspelt key?); the API server refuses it: add apiVersion: v1",
                "phpod: " + mixed + ":" + site + ": Deployment site has apiVersion extensions/v1, which never served Deployment: the API server refuses it; use apiVersion apps/v1"),
                err.stream().map(x -> x.replaceAll("(configMap.optional:).*", "$1")).toList(), r.getErrorOutput());

        // Custom resources that share a built-in kind's name are not misspelt built-ins.
        String knative = "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: hello}\nspec: {template: {spec: {containers: [{image: \"php:8.3-fpm\"}]}}}\n";
        String kruise = "apiVersion: apps.kruise.io/v1beta1\nkind: StatefulSet\nmetadata: {name: db}\nspec: {}\n";
        Files.writeString(mixed, web + "\n---\n" + knative + "---\n" + kruise);
        LaunchResult custom = l.launch("check", mixed.toString());
        assertEquals(1, custom.exitCode(), custom.getOutput() + custom.getErrorOutput());
        assertEquals("", custom.getErrorOutput().strip(), "no problem with custom resources named like built-in kinds");
        assertTrue(custom.getOutput().contains("Service hello, container container-1 [pod-security-restricted]"),
                "Knative's unnamed container is checked, named by its place: " + custom.getOutput());

        Files.writeString(mixed, typo + "---\n" + Files.readString(CORPUS.resolve("clean/one-pod-copy-step.yaml")));
        LaunchResult clean = l.launch("check", mixed.toString());
        assertEquals(2, clean.exitCode(), "no finding in the rest, one object could not be read: " + clean.getOutput() + clean.getErrorOutput());
        assertTrue(clean.getOutput().startsWith("phpod: no findings in 1 PHP workload"), clean.getOutput());
    }

    /**
     * Two files of one folder that define the same kind, namespace and name: applied together one
     * replaces the other, which a note says, naming both; distinct names or namespaces are no note.
     */
    @Test
    void aFolderNotesAnObjectDefinedInTwoFiles() throws IOException {
        Path dir = tmp.resolve("apps");
        Files.createDirectories(dir);
        String conf = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nginx-config}\ndata: {a: b}\n";
        Files.writeString(dir.resolve("blog.yaml"), conf);
        Files.writeString(dir.resolve("shop.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\ndata: {a: b}\n---\n" + conf);
        Files.writeString(dir.resolve("wiki.yaml"), conf.replace("{name: nginx-config}", "{name: nginx-config, namespace: wiki}"));
        LaunchResult r = l.launch("check", dir.toString());
        List<String> notes = r.getErrorOutput().lines().filter(x -> x.startsWith("phpod: note: ")).toList();
        assertEquals(List.of("phpod: note: " + dir.resolve("shop.yaml") + ":6: ConfigMap nginx-config (namespace default) is defined again, first at "
                + dir.resolve("blog.yaml") + ":1: applied together, one replaces the other, and this check reads them as one input; check the files one at a time if they are separate apps"),
                notes, r.getErrorOutput());
    }

    /** Each bad input: exit 2, one line on stderr naming what and the fix, nothing on stdout. */
    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Files.writeString(tmp.resolve("broken.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\n");
        Files.writeString(tmp.resolve("types.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
                + "      containers:\n        - name: nginx\n          ports: [{containerPort: [80]}]\n");
        Files.writeString(tmp.resolve("template.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"x.fullname\" . }}\n");
        Files.writeString(tmp.resolve("values.yaml"), "replicaCount: 1\n");
        Files.writeString(tmp.resolve("notemplate.yaml"), "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: x}\n");
        Files.write(tmp.resolve("latin1.yaml"), new byte[] { 'a', ':', ' ', (byte) 0xe9, '\n' });
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("nothing.yaml"), "# rendered nothing\n---\n");
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
                + ":1: CronJob c has no spec.jobTemplate.spec.template.spec; pass Kubernetes YAML");
        cases.put(List.of("check", tmp.resolve("latin1.yaml").toString()), "phpod: " + tmp.resolve("latin1.yaml") + ": not UTF-8 text");
        cases.put(List.of("check", tmp.resolve("bomb.yaml").toString()), "phpod: " + tmp.resolve("bomb.yaml")
                + ":1: not YAML (Number of aliases for non-scalar nodes exceeds the specified max=50)");
        cases.put(List.of("check", tmp.resolve("deep.yaml").toString()), "phpod: " + tmp.resolve("deep.yaml")
                + ":1: not YAML (Nesting Depth exceeded max 50)");
        cases.put(List.of("check", tmp.resolve("empty").toString()), "phpod: " + tmp.resolve("empty") + ": no *.yaml, *.yml or *.json file in this folder");
        cases.put(List.of("check", tmp.resolve("nothing.yaml").toString()), "phpod: " + tmp.resolve("nothing.yaml")
                + ": nothing read (no Kubernetes object in this file); pass Kubernetes YAML");
        cases.put(List.of("check", "--include", "empty-code-volume,nope", "x.yaml"), "phpod: --include: unknown rule 'nope'; valid ids: " + Rule.ids()
                + " (phpod check --list-rules)");
        cases.put(List.of("check", "--exclude", "Empty-Code-Volume", "x.yaml"), "phpod: --exclude: unknown rule 'Empty-Code-Volume'; valid ids: ");
        cases.put(List.of("check", "--explain", "no-such-rule"), "phpod: --explain: unknown rule 'no-such-rule'; valid ids: " + Rule.ids());
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
