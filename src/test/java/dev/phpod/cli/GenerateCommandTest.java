package dev.phpod.cli;

import static dev.phpod.cli.InitCommandCases.err;
import static dev.phpod.cli.InitCommandCases.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * phpod generate over a folder the user edited: each scenario asserts the resulting files exactly.
 * "What an older phpod generated" is set up by editing the state folder, which is exactly that.
 */
@io.quarkus.test.junit.QuarkusTest
class GenerateCommandTest extends GeneratedFolderTests {

    Path state;

    @BeforeEach
    void state() {
        state = out.resolve(".phpod/generated");
    }

    /** What a fresh phpod init writes for the descriptor now in the folder. */
    private Map<String, String> fresh(QuarkusMainLauncher l) throws IOException {
        Path again = tmp.resolve("fresh");
        LaunchResult r = l.launch("init", "--from", out.resolve("phpod.yaml").toString(), "-o", again.toString());
        assertEquals(0, r.exitCode(), err(r));
        return userTree(again);
    }

    @Test
    void initFindsThePresetInTheSourceTreeAndGenerateKeepsIt() throws IOException {
        Path app = tmp.resolve("app");
        Files.createDirectories(app.resolve("public"));
        Files.writeString(app.resolve("composer.json"), "{\"require\": {\"laravel/framework\": \"^11.0\"}}");
        LaunchResult r = l.launch("init", "--name", "shop", "--image", "shop:1", "--source", app.toString(), "-o", out.toString());
        assertEquals(0, r.exitCode(), err(r));
        assertTrue(r.getOutput().contains("phpod: layout: the laravel preset (found in " + app
                + ": composer.json requires laravel/framework; --preset to choose another), docroot public, writable storage (data), bootstrap/cache; each (data) path is a PersistentVolumeClaim per environment\n"),
                r.getOutput());
        String descriptor = Files.readString(out.resolve("phpod.yaml"));
        assertTrue(descriptor.contains("preset: laravel\n") && descriptor.contains("""
                writablePaths:
                  - name: storage
                    path: "storage"
                    seed: true
                    urlPath: "/storage"
                    persistent: true
                  - name: bootstrap-cache
                    path: "bootstrap/cache"
                    sizeLimit: "32Mi"
                    seed: true
                """), descriptor);
        String values = Files.readString(out.resolve("helm/shop/values.yaml"));
        assertTrue(values.contains("writablePaths:\n  - name: storage\n    path: \"/var/www/html/storage\"\n    seed: true\n    urlPath: \"/storage\"\n"), values);
        assertTrue(Files.readString(out.resolve("kustomize/base/deployment.yaml")).contains("mountPath: /var/www/html/storage"));

        LaunchResult again = generate(l);
        assertEquals(0, again.exitCode(), err(again));
        assertTrue(again.getOutput().contains("up to date"), "the layout lives in phpod.yaml: " + again.getOutput());

        // A list left out takes the preset's; an empty one means none.
        replace(out.resolve("phpod.yaml"), descriptor.substring(descriptor.indexOf("writablePaths:\n"), descriptor.indexOf("# URL paths")),
                "writablePaths: []\n");
        LaunchResult none = generate(l);
        assertEquals(0, none.exitCode(), err(none));
        assertTrue(Files.readString(out.resolve("helm/shop/values.yaml")).contains("\nwritablePaths: []\n"));
        assertEquals(fresh(l), userTree(), "generate writes what init --from writes for the edited descriptor");
    }

    @Test
    void presetGivenByName() throws IOException {
        LaunchResult r = l.launch("init", "--name", "news", "--image", "news:1", "--preset", "wordpress", "-o", out.toString());
        assertEquals(0, r.exitCode(), err(r));
        assertTrue(r.getOutput().contains("phpod: layout: the wordpress preset (--preset), docroot ., writable wp-content/uploads (data); each (data) path is a PersistentVolumeClaim per environment\n"), r.getOutput());
        assertTrue(Files.readString(out.resolve("kustomize/base/config/app-locations.conf")).contains("location ^~ /wp-content/uploads/ {"));
        LaunchResult d = l.launch("init", "--name", "site", "--image", "site:1", "--preset", "drupal", "--docroot", "docroot", "-o",
                tmp.resolve("drupal").toString());
        assertEquals(0, d.exitCode(), err(d));
        assertTrue(d.getOutput().contains("docroot docroot, writable docroot/sites/default/files (data); each (data) path is a PersistentVolumeClaim per environment\n"), "--docroot wins, the preset's paths follow: " + d.getOutput());
    }

    @Test
    void aKustomizeReleaseSurvivesTheNextGenerate() throws Exception {
        init(l);
        Path overlay = out.resolve("kustomize/overlays/prod");
        // The release command the generated README documents, run as written.
        String readme = Files.readString(out.resolve("kustomize/README.md"));
        String command = readme.lines().filter(x -> x.startsWith("kustomize edit set image ")).findFirst().orElseThrow().replace("NEW_TAG", "1.4.3");
        dev.phpod.support.KustomizeRunner.Result release = dev.phpod.support.KustomizeRunner.run(overlay,
                command.substring("kustomize ".length()).split(" "));
        assertEquals(0, release.exit(), release.err());
        String released = Files.readString(overlay.resolve("kustomization.yaml"));
        assertTrue(released.contains("  newTag: 1.4.3\n"), released);

        LaunchResult again = generate(l);
        assertEquals(0, again.exitCode(), again.getOutput() + err(again));
        assertEquals(released, Files.readString(overlay.resolve("kustomization.yaml")), "the release is kept, untouched");

        // A descriptor change after the release: both land, no conflict, the overlay still builds.
        replace(out.resolve("phpod.yaml"), "  - name: prod\n    namespace: shop-prod\n    replicas: 3\n", "  - name: prod\n    namespace: shop-prod\n    replicas: 4\n");
        LaunchResult merged = generate(l);
        assertEquals(0, merged.exitCode(), merged.getOutput() + err(merged));
        String text = Files.readString(overlay.resolve("kustomization.yaml"));
        assertTrue(text.contains("  newTag: 1.4.3\n") && text.contains("value: 4\n") && !text.contains("<<<<<<<"), text);
        String k = dev.phpod.support.KustomizeRunner.build(overlay);
        assertTrue(k.contains("image: registry.example.com/shop:1.4.3") && k.contains("minReplicas: 4"), k);
    }

    @Test
    void initRecordsWhatItGenerated() throws IOException {
        init(l);
        Map<String, String> generated = tree(state);
        Map<String, String> expected = userTree();
        expected.remove("phpod.yaml"); // the user's input: never merged, so it needs no base
        assertEquals(expected, generated);
    }

    @Test
    void nothingChangedWritesNothing() throws Exception {
        init(l);
        FileTime before = Files.getLastModifiedTime(out.resolve("helm/shop/values.yaml"));
        FileTime stateBefore = Files.getLastModifiedTime(state.resolve("helm/shop/values.yaml"));
        Thread.sleep(20);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), err(r));
        assertEquals("phpod: " + out + " is up to date; nothing to write", r.getOutput().strip());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("helm/shop/values.yaml")));
        assertEquals(stateBefore, Files.getLastModifiedTime(state.resolve("helm/shop/values.yaml")));
    }

    @Test
    void userChangesAValueAndItSurvives() throws IOException {
        init(l);
        Path values = out.resolve("helm/shop/values.yaml");
        replace(values, "  clientMaxBodySize: 16m\n", "  clientMaxBodySize: 64m\n");
        String edited = Files.readString(values);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), err(r));
        assertEquals(edited, Files.readString(values));
        assertTrue(r.getOutput().contains("1 file(s) keep your edits"), r.getOutput());
    }

    @Test
    void aUserValueAndANewPhpodKeyBothSurviveWithComments() throws IOException {
        init(l);
        Path values = out.resolve("helm/shop/values.yaml");
        String generated = Files.readString(values);
        // An older phpod did not generate nginx.gzip (and its @param comment).
        String older = generated.replace("  ## @param nginx.gzip Compress text responses.\n  gzip: true\n", "");
        assertTrue(!older.equals(generated));
        Files.writeString(state.resolve("helm/shop/values.yaml"), older);
        Files.writeString(values, older.replace("  clientMaxBodySize: 16m\n", "  # raised for the photo uploads\n  clientMaxBodySize: 64m\n"));
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), err(r));
        assertEquals(generated.replace("  clientMaxBodySize: 16m\n", "  # raised for the photo uploads\n  clientMaxBodySize: 64m\n"),
                Files.readString(values));
        assertTrue(r.getOutput().contains("merge      " + values), r.getOutput());
        assertEquals(generated, Files.readString(state.resolve("helm/shop/values.yaml")), "the state is what phpod generated");
    }

    @Test
    void bothChangeTheSameLineIsAConflict() throws IOException {
        init(l);
        Path values = out.resolve("helm/shop/values.yaml");
        String generated = Files.readString(values);
        Files.writeString(state.resolve("helm/shop/values.yaml"), generated.replace("  clientMaxBodySize: 16m\n", "  clientMaxBodySize: 8m\n"));
        Files.writeString(values, generated.replace("  clientMaxBodySize: 16m\n", "  clientMaxBodySize: 64m\n"));
        LaunchResult r = generate(l);
        assertEquals(1, r.exitCode(), r.getOutput() + err(r));
        assertEquals(generated.replace("  clientMaxBodySize: 16m\n",
                "<<<<<<< your edit\n  clientMaxBodySize: 64m\n=======\n  clientMaxBodySize: 16m\n>>>>>>> phpod " + Version.get() + "\n"),
                Files.readString(values));
        assertTrue(r.getOutput().contains("conflict   " + values + "  (1 conflicting region(s)"), r.getOutput());
        assertTrue(err(r).startsWith("phpod: 1 file(s) with conflicts"), err(r));
    }

    @Test
    void userAddsATemplateAndItIsLeftAlone() throws IOException {
        init(l);
        Path extra = out.resolve("helm/shop/templates/extra-configmap.yaml");
        Files.writeString(extra, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n");
        Map<String, String> before = userTree();
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), err(r));
        assertEquals(before, userTree());
    }

    @Test
    void aDeletedFileStaysDeletedUnlessForced() throws IOException {
        init(l);
        Path hpa = out.resolve("helm/shop/templates/hpa.yaml");
        String content = Files.readString(hpa);
        Files.delete(hpa);
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), err(r));
        assertFalse(Files.exists(hpa));
        assertTrue(r.getOutput().contains("1 file(s) you deleted stay deleted"), r.getOutput());
        LaunchResult forced = generate(l, "--force");
        assertEquals(0, forced.exitCode(), err(forced));
        assertEquals(content, Files.readString(hpa));
    }

    @Test
    void aDeletedFileTheOverlayNeedsIsAFinding() throws Exception {
        init(l);
        Path hpa = out.resolve("kustomize/components/hpa/hpa.yaml");
        Files.delete(hpa);
        LaunchResult r = generate(l);
        assertEquals(1, r.exitCode(), "the prod overlay no longer builds: not a silent success");
        assertEquals("phpod: " + hpa + ": you deleted it, but kustomize/components/hpa/kustomization.yaml names it, so that build fails: "
                + "delete the reference too, or bring it back with --force", err(r).strip());
        assertFalse(Files.exists(hpa), "still the user's choice: nothing is brought back without --force");
        assertEquals(0, generate(l, "--force").exitCode());
        dev.phpod.support.KustomizeRunner.build(out.resolve("kustomize/overlays/prod"));
    }

    @Test
    void aNewFileOfANewerPhpodIsCreated() throws IOException {
        init(l);
        // An older phpod did not generate the PodDisruptionBudget template.
        Path pdb = out.resolve("helm/shop/templates/pdb.yaml");
        String content = Files.readString(pdb);
        Files.delete(pdb);
        Files.delete(state.resolve("helm/shop/templates/pdb.yaml"));
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), err(r));
        assertEquals(content, Files.readString(pdb));
        assertTrue(r.getOutput().contains("new        " + pdb), r.getOutput());
    }

    @Test
    void renamingTheProjectMovesEverythingTheUserDidNotEdit() throws IOException {
        init(l);
        replace(out.resolve("phpod.yaml"), "name: shop\n", "name: store\n");
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), err(r));
        assertEquals(fresh(l), userTree(), "the same files as a fresh generation of the new name, the old chart gone");
        assertFalse(Files.exists(out.resolve("helm/shop")));
    }

    @Test
    void changingTheEnvironmentsAddsAndRemovesTheirFiles() throws IOException {
        init(l);
        Path overlay = out.resolve("kustomize/overlays/dev/kustomization.yaml");
        Files.writeString(overlay, Files.readString(overlay) + "# my note\n");
        String descriptor = Files.readString(out.resolve("phpod.yaml"));
        String staging = descriptor.substring(descriptor.indexOf("  - name: staging"), descriptor.indexOf("  - name: prod"));
        Files.writeString(out.resolve("phpod.yaml"), descriptor.replace(staging, staging.replace("staging", "qa")));
        LaunchResult r = generate(l);
        assertEquals(0, r.exitCode(), err(r));
        Map<String, String> expected = fresh(l);
        expected.put("kustomize/overlays/dev/kustomization.yaml", expected.get("kustomize/overlays/dev/kustomization.yaml") + "# my note\n");
        assertEquals(expected, userTree());
        assertFalse(Files.exists(out.resolve("kustomize/overlays/staging")), "an untouched overlay goes with its environment");
        assertTrue(r.getOutput().contains("remove     " + out.resolve("helm/values-staging.yaml")), r.getOutput());
    }

    @Test
    void anEditedFileOfARemovedEnvironmentIsKept() throws IOException {
        init(l, "dev", "prod");
        Path values = out.resolve("helm/values-dev.yaml");
        Files.writeString(values, Files.readString(values) + "# mine\n");
        String descriptor = Files.readString(out.resolve("phpod.yaml"));
        Files.writeString(out.resolve("phpod.yaml"), descriptor.substring(0, descriptor.indexOf("  - name: dev"))
                + descriptor.substring(descriptor.indexOf("  - name: prod")));
        LaunchResult r = generate(l);
        assertEquals(1, r.exitCode(), "an edit that no longer takes effect is a finding: " + err(r));
        assertEquals("phpod: 1 file(s) that phpod no longer generates hold your edits, which no longer take effect (helm/values-dev.yaml); "
                + "move what you need into the files phpod generates now, delete them, and run 'phpod generate " + out + "' again", err(r).strip());
        assertTrue(Files.readString(values).endsWith("# mine\n"), "never delete what the user edited");
        assertTrue(r.getOutput().contains("obsolete   " + values), r.getOutput());
        Files.delete(values);
        assertEquals(0, generate(l).exitCode(), "once the user removed it, all is clean");
        assertFalse(Files.exists(out.resolve("kustomize/overlays/dev")));
    }

    @Test
    void dryRunPrintsAUnifiedDiffAndWritesNothing() throws IOException {
        init(l);
        replace(out.resolve("phpod.yaml"), "    replicas: 2\n", "    replicas: 5\n");
        Map<String, String> before = tree(out);
        LaunchResult r = generate(l, "--dry-run");
        assertEquals(0, r.exitCode(), err(r));
        assertEquals(before, tree(out));
        assertTrue(r.getOutput().contains("--- a/helm/values-staging.yaml\n+++ b/helm/values-staging.yaml\n"), r.getOutput());
        assertTrue(r.getOutput().contains("\n-replicaCount: 2\n+replicaCount: 5\n"), r.getOutput());
        assertTrue(r.getOutput().contains("phpod: would change " + out), r.getOutput());
    }

    @Test
    void aConflictingUnknownFileIsKeptAndPhpodsVersionWrittenBeside() throws IOException {
        init(l);
        // The state of a project generated before phpod kept state: nothing recorded.
        Path values = out.resolve("helm/values-dev.yaml");
        Files.writeString(values, "# written by hand\nreplicaCount: 7\n");
        try (Stream<Path> s = Files.walk(state)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        LaunchResult r = generate(l);
        assertEquals(1, r.exitCode(), r.getOutput());
        assertEquals("# written by hand\nreplicaCount: 7\n", Files.readString(values));
        assertTrue(Files.readString(out.resolve("helm/values-dev.yaml.phpod-new")).contains("replicaCount: 1"));
        assertTrue(err(r).contains("merge each .phpod-new file into the file beside it and delete it"), err(r));
        // Reported until the user resolves it; deleting the file beside it is the resolution.
        LaunchResult again = generate(l);
        assertEquals(1, again.exitCode(), again.getOutput());
        Files.delete(out.resolve("helm/values-dev.yaml.phpod-new"));
        LaunchResult resolved = generate(l);
        assertEquals(0, resolved.exitCode(), resolved.getOutput() + err(resolved));
        assertFalse(Files.exists(out.resolve("helm/values-dev.yaml.phpod-new")), "not offered again once resolved");
        assertEquals("# written by hand\nreplicaCount: 7\n", Files.readString(values));
    }

    @Test
    void aTemplateLeftBesideIsIgnoredByHelm() throws IOException {
        init(l);
        Path service = out.resolve("helm/shop/templates/service.yaml");
        Files.writeString(service, Files.readString(service).replace("kind: Service", "kind: Service # mine"));
        Files.delete(state.resolve("helm/shop/templates/service.yaml"));
        LaunchResult r = generate(l);
        assertEquals(1, r.exitCode(), r.getOutput());
        assertTrue(Files.exists(out.resolve("helm/shop/templates/service.yaml.phpod-new")));
        dev.phpod.support.HelmRunner.lintStrict(out.resolve("helm/shop"));
        String rendered = dev.phpod.support.HelmRunner.template(out.resolve("helm/shop"), out.resolve("helm/values-dev.yaml"));
        assertEquals(1, java.util.regex.Pattern.compile("\\nkind: Service( #.*)?\\n").matcher(rendered).results().count(),
                "one Service: .helmignore keeps the .phpod-new file out");
    }

    @Test
    void bytesPhpodCannotDecodeAreNeverRewritten() throws IOException {
        init(l);
        Path values = out.resolve("helm/values-dev.yaml");
        byte[] latin1 = (Files.readString(values) + "# caf\u00e9 (Latin-1)\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(values, latin1);
        replace(out.resolve("phpod.yaml"), "    replicas: 1\n", "    replicas: 2\n");
        LaunchResult r = generate(l);
        assertEquals(1, r.exitCode(), r.getOutput());
        assertTrue(java.util.Arrays.equals(latin1, Files.readAllBytes(values)), "the user's bytes stay as they are");
        assertTrue(r.getOutput().contains("not UTF-8 text, so phpod cannot merge it"), r.getOutput());
        assertTrue(Files.readString(out.resolve("helm/values-dev.yaml.phpod-new")).contains("replicaCount: 2"));
    }

    @Test
    void forceTakesPhpodsVersionOnlyWhereEditsCollide() throws IOException {
        init(l);
        Path values = out.resolve("helm/values-staging.yaml");
        String generated = Files.readString(values);
        // Two edits: one phpod's change collides with (replicaCount), one that collides with nothing.
        Files.writeString(values, generated.replace("replicaCount: 2\n", "replicaCount: 9\n") + "# my note\n");
        replace(out.resolve("phpod.yaml"), "    replicas: 2\n", "    replicas: 5\n");
        LaunchResult r = generate(l, "--force");
        assertEquals(0, r.exitCode(), r.getOutput() + err(r));
        String after = Files.readString(values);
        assertTrue(after.contains("replicaCount: 5\n") && !after.contains("replicaCount: 9"), "phpod wins the collision:\n" + after);
        assertTrue(after.endsWith("# my note\n"), "an edit that collides with nothing survives --force:\n" + after);
    }

    @Test
    void aMissingDescriptorIsAClearError() {
        LaunchResult r = generate(l);
        assertEquals(2, r.exitCode());
        assertTrue(err(r).contains("phpod.yaml does not exist"), err(r));
    }
}
