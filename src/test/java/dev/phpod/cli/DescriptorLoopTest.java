package dev.phpod.cli;

import static dev.phpod.cli.InitCommandCases.err;
import static dev.phpod.cli.InitCommandCases.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.phpod.support.KustomizeRunner;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * The README's loop as a user runs it: edit phpod.yaml (or a generated file), run phpod generate,
 * run it again. phpod.yaml is input: never merged or reformatted; every ordinary edit works on the
 * first generate and the second one writes nothing; a conflict stays reported until it is resolved,
 * and --force takes phpod's version for the colliding lines only; --check is the drift gate; the
 * lines a release owns survive a change of phpod.yaml.
 */
@io.quarkus.test.junit.QuarkusTest
class DescriptorLoopTest extends GeneratedFolderTests {

    /** A patch a user adds to an overlay, about nothing phpod generates. */
    static final String SERVICE_PATCH = "- patch: |-\n    - op: add\n      path: /metadata/annotations\n      value: {team: web}\n  target:\n"
            + "    kind: Service\n";

    /** A second generate writes nothing: the same tree, bookkeeping included, and says so. */
    private void secondRunIsANoOp(QuarkusMainLauncher l) throws Exception {
        Map<String, String> before = tree(out);
        LaunchResult again = generate(l);
        assertEquals(0, again.exitCode(), again.getOutput() + err(again));
        assertTrue(again.getOutput().startsWith("phpod: " + out + " is up to date; nothing to write"), again.getOutput());
        assertEquals(before, tree(out));
    }

    @Test
    void addingAnEnvironmentWorksOnTheFirstGenerateAndLeavesPhpodYamlAsWritten() throws Exception {
        init(l);
        Files.writeString(descriptor, Files.readString(descriptor) + "  # QA shares staging's cluster\n  - name: qa\n    namespace: shop-qa\n");
        String written = Files.readString(descriptor);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        assertEquals(written, Files.readString(descriptor), "phpod.yaml is input: not merged, not reformatted");
        assertTrue(Files.readString(out.resolve("helm/values-qa.yaml")).contains("--namespace shop-qa"));
        assertTrue(r.getOutput().contains("new        " + out.resolve("kustomize/overlays/qa/kustomization.yaml")), r.getOutput());
        assertFalse(r.getOutput().contains("unchanged"), "only what changed is listed: " + r.getOutput());
        KustomizeRunner.build(out.resolve("kustomize/overlays/qa"));
        secondRunIsANoOp(l);
    }

    /** Ordinary edits of every key, each as a user makes it: replace this text with that. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> edits() {
        return java.util.stream.Stream.of(
                args("a denied path", "deniedPaths: []\n", "deniedPaths: [/conf, /data]\n"),
                args("a denied extension", "deniedExtensions: []\n", "deniedExtensions: [ini, log]\n"),
                args("a writable path", "writablePaths: []\n", "writablePaths:\n  - name: cache\n    path: var/cache\n    seed: true\n"),
                args("the docroot", "docroot: \"public\"\n", "docroot: web\n"),
                args("the preset", "preset: generic\n", "preset: laravel\n"),
                args("the code path", "codePath: \"/var/www/html\"\n", "codePath: /app\n"),
                args("the image", "image: \"registry.example.com/shop:1.4.2\"\n", "image: registry.example.com/shop:2.0@sha256:" + "c".repeat(64) + "\n"),
                args("the name", "name: shop\n", "name: store\n"),
                args("an environment removed", "  - name: staging\n    namespace: shop-staging\n    replicas: 2\n    autoscaling: false\n"
                        + "    networkPolicy: false\n    disruptionBudget: true\n    size: medium\n", ""),
                args("an environment renamed", "  - name: staging\n    namespace: shop-staging\n", "  - name: qa\n    namespace: shop-qa\n"),
                args("an environment's size and replicas", "    replicas: 3\n    autoscaling: true\n", "    replicas: 6\n    autoscaling: false\n"),
                args("environments as names only", "environments:\n", "environments:\n  - demo\n"),
                args("a persistent writable path", "writablePaths: []\n", "writablePaths:\n  - {name: uploads, path: public/uploads, persistent: true, size: 5Gi}\n"),
                args("secrets and config maps", "envFrom: []\n", "envFrom:\n  - {secret: shop-env}\n  - {configMap: shop-config}\n"),
                args("a host with its certificate", "    size: large\n", "    size: large\n    host: shop.example.com\n    tls: shop-tls\n"),
                args("a worker", "processes: []\n", "processes:\n  - {name: queue, command: [php, artisan, queue:work, --timeout=90], replicas: 2}\n"),
                args("a scheduler and a release step", "schedules: []\n", "schedules:\n  - {name: cron, schedule: \"*/5 * * * *\", command: [php, cron.php]}\n"
                        + "release:\n  command: [php, artisan, migrate, --force]\n"));
    }

    private static org.junit.jupiter.params.provider.Arguments args(String what, String from, String to) {
        return org.junit.jupiter.params.provider.Arguments.of(what, from, to);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("edits")
    void everyKeyCanBeEditedAndTheFirstGenerateIsEnough(String what, String from, String to) throws Exception {
        init(l);
        replace(descriptor, from, to);
        String written = Files.readString(descriptor);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), what + ": " + r.getOutput() + err(r));
        assertEquals(written, Files.readString(descriptor), what + ": phpod.yaml stays as written");
        Path fresh = tmp.resolve("fresh");
        LaunchResult again = l.launch("init", "--from", descriptor.toString(), "-o", fresh.toString());
        assertEquals(0, again.exitCode(), err(again));
        assertEquals(userTree(fresh), userTree(), what + ": the same files as a new project of the edited phpod.yaml");
        secondRunIsANoOp(l);
    }

    @Test
    void commentsOrderAndQuotingOfPhpodYamlSurviveEveryGenerate() throws Exception {
        init(l);
        String text = Files.readString(descriptor);
        // Keys moved, a comment, flow style, other quoting: still the same project.
        String edited = "# Our shop. Owner: team-web\n" + text.replace("codePath: \"/var/www/html\"\n", "")
                .replace("name: shop\n", "name: 'shop'   # the chart name\n") + "codePath: /var/www/html\n";
        Files.writeString(descriptor, edited);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        assertEquals(edited, Files.readString(descriptor));
        secondRunIsANoOp(l);
    }

    @Test
    void addingAWritablePathBesideAnUnrelatedOverlayEditMergesBoth() throws Exception {
        init(l);
        Path overlay = out.resolve("kustomize/overlays/prod/kustomization.yaml");
        String mine = SERVICE_PATCH;
        Files.writeString(overlay, Files.readString(overlay) + mine);
        String text = Files.readString(descriptor);
        String before = text.substring(text.indexOf("writablePaths:"), text.indexOf("# URL paths"));
        Files.writeString(descriptor, text.replace(before, before.replace("writablePaths: []\n", "writablePaths:\n")
                + "  - {name: uploads, path: public/uploads}\n"));
        String written = Files.readString(descriptor);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        assertEquals(written, Files.readString(descriptor));
        assertTrue(Files.readString(overlay).endsWith(mine), "the user's overlay edit stays");
        String built = KustomizeRunner.build(out.resolve("kustomize/overlays/prod"));
        assertTrue(built.contains("mountPath: /var/www/html/public/uploads") && built.contains("team: web"), built);
        secondRunIsANoOp(l);
    }

    @Test
    void aVariableAddedToTheBaseDeploymentNeverBreaksTheBuild() throws Exception {
        init(l);
        Path deployment = out.resolve("kustomize/base/deployment.yaml");
        // First in the copy step's variables, where phpod writes the layout's.
        replace(deployment, "          env:\n            - name: PHPOD_COPY_SOURCE\n",
                "          env:\n            - name: MY_FLAG\n              value: \"1\"\n            - name: PHPOD_COPY_SOURCE\n");
        KustomizeRunner.build(out.resolve("kustomize/overlays/prod"));
        String text = Files.readString(descriptor);
        String before = text.substring(text.indexOf("writablePaths:"), text.indexOf("# URL paths"));
        Files.writeString(descriptor, text.replace(before, "writablePaths:\n  - {name: uploads, path: public/uploads}\n"));
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        String built = KustomizeRunner.build(out.resolve("kustomize/overlays/prod"));
        assertTrue(built.contains("- name: MY_FLAG\n          value: \"1\"\n"), built);
        assertTrue(built.contains("- name: PHPOD_MOUNT_POINTS\n          value: uploads\n"), built);
        assertTrue(built.contains("mountPath: /var/www/html/public/uploads"), built);
        secondRunIsANoOp(l);
    }

    @Test
    void aConflictStaysReportedAcrossRunsAndForceTakesPhpodsLinesOnly() throws Exception {
        init(l);
        Path overlay = out.resolve("kustomize/overlays/prod/kustomization.yaml");
        // The user raised prod's minimum by hand and added an unrelated patch; phpod.yaml then raises it too.
        String mine = SERVICE_PATCH;
        replace(overlay, "      path: /spec/minReplicas\n      value: 3\n", "      path: /spec/minReplicas\n      value: 5\n");
        Files.writeString(overlay, Files.readString(overlay) + mine);
        replace(descriptor, "  - name: prod\n    namespace: shop-prod\n    replicas: 3\n", "  - name: prod\n    namespace: shop-prod\n    replicas: 4\n");

        LaunchResult first = generate(l);
        assertEquals(1, first.exitCode(), first.getOutput());
        String marked = Files.readString(overlay);
        assertTrue(marked.contains("<<<<<<< your edit\n") && marked.contains("      value: 5\n=======\n      value: 4\n>>>>>>> phpod "), marked);
        assertTrue(err(first).contains("1 file(s) with conflicts (kustomize/overlays/prod/kustomization.yaml)"), err(first));

        // Run again without resolving it: still reported, nothing rewritten, the markers not taken for an edit.
        LaunchResult second = generate(l);
        assertEquals(1, second.exitCode(), second.getOutput());
        assertEquals(marked, Files.readString(overlay));
        assertTrue(second.getOutput().contains("conflict   " + overlay + "  (1 conflicting region(s) marked with <<<<<<< and >>>>>>> (still unresolved))"),
                second.getOutput());

        LaunchResult forced = generate(l, "--force");
        assertEquals(0, forced.exitCode(), forced.getOutput() + err(forced));
        String resolved = Files.readString(overlay);
        assertTrue(resolved.contains("      path: /spec/minReplicas\n      value: 4\n") && !resolved.contains("<<<<<<<"), resolved);
        assertTrue(resolved.endsWith(mine), "--force keeps the edit that collides with nothing:\n" + resolved);
        String built = KustomizeRunner.build(out.resolve("kustomize/overlays/prod"));
        assertTrue(built.contains("minReplicas: 4") && built.contains("team: web"), built);
        assertFalse(Files.exists(out.resolve(".phpod/pending/kustomize/overlays/prod/kustomization.yaml")));
        secondRunIsANoOp(l);
    }

    @Test
    void aConflictResolvedByHandIsTakenAsTheUsersVersion() throws Exception {
        init(l);
        Path values = out.resolve("helm/values-staging.yaml");
        replace(values, "replicaCount: 2\n", "replicaCount: 9\n");
        replace(descriptor, "    replicas: 2\n", "    replicas: 5\n");
        assertEquals(1, generate(l).exitCode());
        String marked = Files.readString(values);
        // The user keeps their 9 and removes the markers.
        Files.writeString(values, marked.replaceAll("(?s)<<<<<<< your edit\n(.*?)=======\n.*?>>>>>>> phpod [^\n]*\n", "$1"));
        String mine = Files.readString(values);
        assertTrue(mine.contains("replicaCount: 9\n") && !mine.contains("======="), mine);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        assertEquals(mine, Files.readString(values), "resolved: the user's choice stands and is not a conflict again");
        secondRunIsANoOp(l);
    }

    @Test
    void markersWithoutPhpodsRecordAreLeftToTheUser() throws Exception {
        init(l);
        // Markers an older phpod wrote (it kept no pending version): neither side is guessed.
        Path values = out.resolve("helm/values-staging.yaml");
        replace(values, "replicaCount: 2\n", "<<<<<<< your edit\nreplicaCount: 9\n=======\nreplicaCount: 2\n>>>>>>> phpod 0.0.9\n");
        String marked = Files.readString(values);
        for (String[] args : new String[][] { {}, { "--force" } }) {
            LaunchResult r = generate(l, args);
            assertEquals(1, r.exitCode(), r.getOutput());
            assertEquals(marked, Files.readString(values));
            assertTrue(r.getOutput().contains("holds conflict markers of an earlier phpod: resolve them by hand"), r.getOutput());
        }
        replace(values, "<<<<<<< your edit\nreplicaCount: 9\n=======\nreplicaCount: 2\n>>>>>>> phpod 0.0.9\n", "replicaCount: 9\n");
        LaunchResult resolved = generate(l);
        assertEquals(0, resolved.exitCode(), resolved.getOutput() + err(resolved));
        assertTrue(Files.readString(values).contains("replicaCount: 9\n"));
    }

    @Test
    void aVersionLeftBesideIsReportedUntilItIsDeleted() throws Exception {
        init(l);
        Path values = out.resolve("helm/values-dev.yaml");
        Files.writeString(values, "# written by hand\nreplicaCount: 7\n");
        Files.delete(out.resolve(".phpod/generated/helm/values-dev.yaml")); // phpod never made this file
        assertEquals(1, generate(l).exitCode());
        Path beside = out.resolve("helm/values-dev.yaml.phpod-new");
        assertTrue(Files.exists(beside));
        LaunchResult again = generate(l);
        assertEquals(1, again.exitCode(), "pending until resolved: " + again.getOutput());
        assertTrue(err(again).contains("merge each .phpod-new file into the file beside it and delete it"), err(again));
        Files.delete(beside);
        LaunchResult done = generate(l);
        assertEquals(0, done.exitCode(), done.getOutput() + err(done));
        assertEquals("# written by hand\nreplicaCount: 7\n", Files.readString(values));
        assertFalse(Files.exists(beside));
        secondRunIsANoOp(l);
    }

    @Test
    void checkIsADriftGate() throws Exception {
        init(l);
        LaunchResult clean = generate(l, "--check");
        assertEquals(0, clean.exitCode(), clean.getOutput() + err(clean));
        replace(descriptor, "    replicas: 2\n", "    replicas: 5\n");
        Map<String, String> before = tree(out);
        LaunchResult drift = generate(l, "--check");
        assertEquals(1, drift.exitCode(), drift.getOutput());
        assertEquals(before, tree(out), "--check writes nothing");
        assertTrue(drift.getOutput().contains("\n-replicaCount: 2\n+replicaCount: 5\n"), drift.getOutput());
        assertTrue(err(drift).contains("is not what phpod.yaml generates; run 'phpod generate " + out + "'"), err(drift));
        assertEquals(0, generate(l).exitCode());
        assertEquals(0, generate(l, "--check").exitCode());
        assertEquals("", generate(l, "--check", "--quiet").getOutput(), "--quiet: the exit code only");
    }

    @Test
    void aReleasedTagSurvivesAChangeOfTheImageRepository() throws Exception {
        init(l);
        Path overlay = out.resolve("kustomize/overlays/prod");
        KustomizeRunner.Result release = KustomizeRunner.run(overlay, "edit", "set", "image", "registry.example.com/shop:1.4.3");
        assertEquals(0, release.exit(), release.err());
        Path staging = out.resolve("kustomize/overlays/staging");
        String digest = "sha256:" + "ab".repeat(32);
        assertEquals(0, KustomizeRunner.run(staging, "edit", "set", "image", "registry.example.com/shop@" + digest).exit());
        replace(out.resolve("helm/values-prod.yaml"), "  tag: \"1.4.2\"\n", "  tag: \"1.4.3\"\n");
        replace(descriptor, "image: \"registry.example.com/shop:1.4.2\"", "image: \"registry.example.com/team/shop:1.4.2\"");

        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        String prod = Files.readString(overlay.resolve("kustomization.yaml"));
        assertTrue(prod.contains("- name: registry.example.com/team/shop\n  newTag: 1.4.3\n"), prod);
        assertTrue(KustomizeRunner.build(overlay).contains("image: registry.example.com/team/shop:1.4.3"));
        assertTrue(KustomizeRunner.build(staging).contains("image: registry.example.com/team/shop@" + digest));
        String values = Files.readString(out.resolve("helm/values-prod.yaml"));
        assertTrue(values.contains("  repository: \"registry.example.com/team/shop\"\n  tag: \"1.4.3\"\n"), values);
        assertTrue(Files.readString(out.resolve("kustomize/overlays/dev/kustomization.yaml")).contains("newTag: 1.4.2"),
                "an environment never released keeps phpod.yaml's tag");
        secondRunIsANoOp(l);
    }

    @Test
    void aNewerPhpodChangesOnlyTheVersionLine() throws Exception {
        init(l);
        String text = Files.readString(descriptor);
        String older = text.replaceFirst("(?m)^phpod: .*$", "phpod: 0.0.9   # written long ago");
        Files.writeString(descriptor, older);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        assertEquals(older.replace("phpod: 0.0.9", "phpod: " + Version.get()), Files.readString(descriptor));
        assertTrue(r.getOutput().contains("update     " + descriptor + "  (its phpod: line names this phpod; nothing else changed)"), r.getOutput());
        secondRunIsANoOp(l);
    }

    @Test
    void initFromADescriptorCopiesItAsWritten() throws Exception {
        init(l);
        Files.writeString(descriptor, "# mine\n" + Files.readString(descriptor));
        Path again = tmp.resolve("again");
        LaunchResult r = l.launch("init", "--from", descriptor.toString(), "-o", again.toString());
        assertEquals(0, r.exitCode(), err(r));
        assertEquals(Files.readString(descriptor), Files.readString(again.resolve("phpod.yaml")));
        assertFalse(Files.exists(again.resolve(".phpod/generated/phpod.yaml")), "phpod.yaml has no merge base: it is never merged");
        assertEquals(userTree(), userTree(again));
    }

}
