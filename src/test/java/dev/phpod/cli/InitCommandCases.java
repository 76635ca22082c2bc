package dev.phpod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/** phpod init driven in-process, the way a user runs it: exit codes, printed text, files. */
public abstract class InitCommandCases extends CliTests {

    @TempDir
    Path tmp;

    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                // Leniently decoded: some inputs are deliberately not UTF-8; equal bytes stay equal text.
                out.put(root.relativize(p).toString(), new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * stderr without the Quarkus INFO lines that the integration-test launcher switches on
     * (start and stop messages); the CLI itself logs at WARN.
     */
    static String err(LaunchResult r) {
        return r.getErrorOutput().lines().filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+ INFO .*"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private LaunchResult init(QuarkusMainLauncher l, String... extra) {
        List<String> args = new ArrayList<>(List.of("init", "--name", "shop", "--image", "registry.example.com/shop:1.4.2",
                "-o", tmp.resolve("deploy").toString()));
        args.addAll(Arrays.asList(extra));
        return l.launch(args.toArray(String[]::new));
    }

    @Test
    void writesDescriptorChartAndOneValuesFilePerEnvironment() throws IOException {
        LaunchResult r = init(l, "--env", "dev,qa,prod", "--verbose");
        assertEquals(0, r.exitCode(), err(r));
        Path out = tmp.resolve("deploy");
        for (String f : List.of("phpod.yaml", "helm/shop/Chart.yaml", "helm/shop/values.yaml", "helm/shop/values.schema.json",
                "helm/shop/README.md", "helm/shop/.helmignore", "helm/shop/templates/deployment.yaml", "helm/shop/templates/_helpers.tpl",
                "helm/values-dev.yaml", "helm/values-qa.yaml", "helm/values-prod.yaml")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " was not written");
            assertTrue(r.getOutput().contains("new        " + out.resolve(f)), "not listed: " + f);
        }
        assertFalse(Files.exists(out.resolve("helm/values-staging.yaml")));
        assertTrue(r.getOutput().startsWith("phpod: wrote "), r.getOutput());
        assertTrue(Files.readString(out.resolve("helm/values-qa.yaml")).contains("replicaCount: 2"));
        assertTrue(Files.readString(out.resolve("helm/shop/Chart.yaml")).contains("appVersion: \"1.4.2\""));
        try (Stream<Path> s = Files.walk(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".phpod-tmp")), "temporary files left behind");
        }
    }

    @Test
    void theSummarySaysWhatWasFoundWhereItWroteAndTheTwoCommandsThatDeploy() throws Exception {
        LaunchResult r = init(l, "--env", "dev,prod");
        assertEquals(0, r.exitCode(), err(r));
        Path out = tmp.resolve("deploy");
        List<String> lines = r.getOutput().strip().lines().toList();
        assertEquals(5, lines.size(), "a summary, not one line per file:\n" + r.getOutput());
        assertTrue(lines.get(0).matches("phpod: wrote \\d+ files in " + java.util.regex.Pattern.quote(out.toString()) + " \\(\\d+ new, 0 overwritten, 0 unchanged\\)"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("phpod: layout: the generic preset"), lines.get(1));
        assertEquals("Next:", lines.get(2));
        String helm = lines.get(3).strip();
        String kustomize = lines.get(4).strip();
        assertEquals("helm upgrade --install shop " + out.resolve("helm/shop") + " -f " + out.resolve("helm/values-dev.yaml")
                + " --namespace shop-dev --create-namespace", helm);
        assertEquals("kustomize build " + out.resolve("kustomize/overlays/dev") + " | kubectl apply -f -", kustomize);
        // Both commands, as far as they run without a cluster: the chart renders with that release, the overlay builds.
        String rendered = dev.phpod.support.HelmRunner.template(out.resolve("helm/shop"), out.resolve("helm/values-dev.yaml"));
        assertTrue(rendered.contains("kind: Deployment"), rendered);
        assertTrue(dev.phpod.support.KustomizeRunner.build(out.resolve("kustomize/overlays/dev")).contains("namespace: shop-dev"));

        LaunchResult quiet = l.launch("init", "--name", "shop", "--image", "shop:1", "-o", tmp.resolve("quiet").toString(), "--quiet");
        assertEquals(0, quiet.exitCode(), err(quiet));
        assertEquals("", quiet.getOutput(), "--quiet prints nothing but errors");
        LaunchResult both = l.launch("init", "--name", "shop", "--image", "shop:1", "-o", tmp.resolve("both").toString(), "-q", "-v");
        assertEquals(2, both.exitCode());
        assertEquals("phpod: --quiet: cannot be combined with --verbose; choose one", err(both).strip());
    }

    /** A tree of files: path, text, path, text ... */
    private static Path source(Path root, String... files) throws IOException {
        return dev.phpod.support.Projects.tree(root, files);
    }

    @Test
    void theCommandsTheTreeShowsAreWrittenIntoPhpodYamlAndSaidOneLineEach() throws Exception {
        Path app = source(tmp.resolve("app"), "composer.json", "{\"require\": {\"laravel/framework\": \"^11.0\"}}", "artisan", "",
                "public/index.php", "<?php", "database/migrations/2024_01_01_000000_create_users_table.php", "<?php",
                "app/Jobs/SendInvoice.php", "<?php\nclass SendInvoice implements ShouldQueue {}\n", ".env.example", "QUEUE_CONNECTION=redis\n",
                "routes/console.php", "<?php\nSchedule::command('report')->daily();\n");
        LaunchResult r = init(l, "--source", app.toString(), "--env", "dev,prod");
        assertEquals(0, r.exitCode(), err(r));
        List<String> lines = r.getOutput().strip().lines().toList();
        assertTrue(lines.get(1).startsWith("phpod: layout: the laravel preset (found in " + app), lines.get(1));
        assertEquals(List.of(
                "phpod: added process queue: php artisan queue:work --tries=3 --max-time=3600 (app/Jobs/SendInvoice.php is queued"
                        + " (implements ShouldQueue), on the redis connection (QUEUE_CONNECTION in .env.example))",
                "phpod: added schedule scheduler (* * * * *): php artisan schedule:run (routes/console.php schedules commands (Schedule::))",
                "phpod: added release step: php artisan migrate --force (database/migrations/ holds 1 migration)",
                "Next:"), lines.subList(2, 6), r.getOutput());
        Path out = tmp.resolve("deploy");
        String yaml = Files.readString(out.resolve("phpod.yaml"));
        assertTrue(yaml.contains("""
                processes:
                  - name: queue
                    command: ["php", "artisan", "queue:work", "--tries=3", "--max-time=3600"]
                    replicas: 1
                """), yaml);
        assertTrue(yaml.contains("""
                schedules:
                  - name: scheduler
                    schedule: "* * * * *"
                    command: ["php", "artisan", "schedule:run"]
                """), yaml);
        assertTrue(yaml.contains("release:\n  command: [\"php\", \"artisan\", \"migrate\", \"--force\"]\n"), yaml);
        // What init wrote, generate reads back unchanged; and init --from makes the same deployment.
        LaunchResult check = l.launch("generate", out.toString(), "--check");
        assertEquals(0, check.exitCode(), check.getOutput() + err(check));
        LaunchResult again = l.launch("init", "--from", out.resolve("phpod.yaml").toString(), "-o", tmp.resolve("again").toString());
        assertEquals(0, again.exitCode(), err(again));
        assertEquals(tree(out), tree(tmp.resolve("again")));
        // The commands start in the code path, whatever the image's WORKDIR.
        assertTrue(Files.readString(out.resolve("kustomize/base/commands.yaml")).contains("workingDir: /var/www/html"));
    }

    @Test
    void aPresetWithoutATreeAddsNoCommand() throws Exception {
        LaunchResult r = init(l, "--preset", "laravel");
        assertEquals(0, r.exitCode(), err(r));
        assertFalse(r.getOutput().contains("phpod: added "), r.getOutput());
        String yaml = Files.readString(tmp.resolve("deploy/phpod.yaml"));
        assertTrue(yaml.contains("\nprocesses: []\n") && yaml.contains("\nschedules: []\n") && !yaml.contains("\nrelease:"), yaml);
    }

    @Test
    void wordpressUploadsAreDataAndItsCronRunsWhereWpConfigTurnsItOff() throws Exception {
        Path site = source(tmp.resolve("site"), "index.php", "<?php", "wp-load.php", "<?php", "wp-cron.php", "<?php",
                "wp-includes/version.php", "<?php", "wp-content/themes/.gitkeep", "",
                "wp-config.php", "<?php\ndefine('DISABLE_WP_CRON', true);\nrequire_once ABSPATH . 'wp-settings.php';\n");
        LaunchResult r = init(l, "--source", site.toString());
        assertEquals(0, r.exitCode(), err(r));
        assertTrue(r.getOutput().contains("\nphpod: added schedule cron (*/5 * * * *): php wp-cron.php (wp-config.php sets DISABLE_WP_CRON to true)\n"),
                r.getOutput());
        String yaml = Files.readString(tmp.resolve("deploy/phpod.yaml"));
        assertTrue(yaml.contains("  - name: uploads\n    path: \"wp-content/uploads\"\n    seed: true\n    persistent: true\n"), yaml);
        assertTrue(yaml.contains("    schedule: \"*/5 * * * *\"\n    command: [\"php\", \"wp-cron.php\"]\n"), yaml);
    }

    @Test
    void dryRunListsTheFilesAndWritesNothing() {
        LaunchResult r = init(l, "--dry-run");
        assertEquals(0, r.exitCode(), err(r));
        long listed = r.getOutput().lines().filter(line -> line.startsWith("  new ")).count();
        assertTrue(listed > 40, r.getOutput());
        assertTrue(r.getOutput().startsWith("phpod: would write " + listed + " files in " + tmp.resolve("deploy") + " (" + listed + " new, 0 overwritten"), r.getOutput());
        assertTrue(r.getOutput().contains(tmp.resolve("deploy/helm/values-prod.yaml").toString()));
        assertFalse(Files.exists(tmp.resolve("deploy")), "--dry-run must not even create the folder");
    }

    @Test
    void refusesToOverwriteChangedFilesWithoutForce() throws IOException {
        assertEquals(0, init(l).exitCode());
        Path values = tmp.resolve("deploy/helm/values-dev.yaml");
        Files.writeString(values, "# my edit\n", java.nio.file.StandardOpenOption.APPEND);
        Map<String, String> before = tree(tmp.resolve("deploy"));

        LaunchResult r = init(l, "--docroot", "web");
        assertEquals(2, r.exitCode());
        assertTrue(err(r).contains("holds a phpod project whose files this would overwrite (phpod.yaml, "), err(r));
        assertTrue(err(r).contains("; to change it, edit " + tmp.resolve("deploy/phpod.yaml") + " and run 'phpod generate " + tmp.resolve("deploy") + "'"),
                "names the command that keeps the user's edits: " + err(r));
        assertTrue(err(r).contains("helm/values-dev.yaml"), err(r));
        assertTrue(err(r).contains("pass --force"), err(r));
        assertEquals(before, tree(tmp.resolve("deploy")), "a refused run must not change any file");

        LaunchResult forced = init(l, "--docroot", "web", "--force", "--verbose");
        assertEquals(0, forced.exitCode(), err(forced));
        assertTrue(forced.getOutput().contains("overwrite  " + values), forced.getOutput());
        assertFalse(Files.readString(values).contains("# my edit"));
        assertTrue(Files.readString(tmp.resolve("deploy/helm/shop/values.yaml")).contains("docroot: \"web\""));
    }

    @Test
    void runningAgainWithTheSameInputsTouchesNothing() throws Exception {
        assertEquals(0, init(l).exitCode());
        Path chart = tmp.resolve("deploy/helm/shop/Chart.yaml");
        FileTime before = Files.getLastModifiedTime(chart);
        Thread.sleep(20);
        LaunchResult r = init(l, "-v");
        assertEquals(0, r.exitCode(), err(r));
        long listed = r.getOutput().lines().filter(line -> line.startsWith("  unchanged ")).count();
        assertTrue(r.getOutput().startsWith("phpod: " + tmp.resolve("deploy") + " is up to date; nothing to write (" + listed + " files unchanged)"), r.getOutput());
        assertEquals(listed, r.getOutput().lines().filter(line -> !line.startsWith("phpod: ")).count(), "every file is listed as unchanged");
        assertTrue(r.getOutput().contains("\nphpod: layout: the generic preset (found in .: ") && r.getOutput().contains(
                "; --preset to choose another), docroot public, no writable paths\n"), r.getOutput());
        assertTrue(err(r).startsWith("phpod: warning: "), "no app in the current folder: it says it guessed: " + err(r));
        assertEquals(before, Files.getLastModifiedTime(chart));
    }

    @Test
    void theDescriptorRegeneratesTheSameProject() throws IOException {
        assertEquals(0, init(l, "--env", "dev,prod", "--docroot", ".", "--code-path", "/app").exitCode());
        LaunchResult r = l.launch("init", "--from", tmp.resolve("deploy/phpod.yaml").toString(), "-o", tmp.resolve("again").toString());
        assertEquals(0, r.exitCode(), err(r));
        assertEquals(tree(tmp.resolve("deploy")), tree(tmp.resolve("again")));
    }

    @Test
    void theBundledExampleMatchesTheGoldenCopy() throws IOException {
        Path golden = Path.of("src/test/resources/golden/shop");
        Path out = tmp.resolve("shop");
        LaunchResult r = l.launch("init", "--from", "examples/shop/phpod.yaml", "-o", out.toString());
        assertEquals(0, r.exitCode(), err(r));
        Map<String, String> generated = new TreeMap<>(tree(out));
        generated.keySet().removeIf(k -> k.startsWith(".phpod/")); // the state mirrors the rest; GenerateCommandTest checks it
        if (Boolean.getBoolean("phpod.refresh")) {
            deleteTree(golden);
            for (Map.Entry<String, String> f : generated.entrySet()) {
                Files.createDirectories(golden.resolve(f.getKey()).getParent());
                Files.writeString(golden.resolve(f.getKey()), f.getValue());
            }
        }
        assertEquals(tree(golden), generated, "the generated example differs from src/test/resources/golden/shop; "
                + "if the change is intended, refresh it with ./mvnw test -Dtest=InitCommandTest -Dphpod.refresh=true");
        assertEquals(Files.readString(Path.of("examples/shop/phpod.yaml")), Files.readString(out.resolve("phpod.yaml")),
                "the bundled example descriptor is what init writes");
    }

    /** The bad command lines of bad-flags.tsv: exit code, message fragment, arguments. */
    public static Stream<Arguments> badFlags() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/cli/bad-flags.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // In the arguments, \n and \t stand for a newline and a tab, which a line of this file cannot
            // hold; the expected message shows them escaped, as phpod prints them.
            String[] f = line.split("\t", -1);
            for (int i = 2; i < f.length; i++) {
                f[i] = f[i].replace("\\n", "\n").replace("\\t", "\t");
            }
            out.add(Arguments.of(Integer.parseInt(f[0]), f[1], Arrays.copyOfRange(f, 2, f.length)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badFlags")
    void badInputIsRefusedWithOneClearLineAndWritesNothing(int exit, String fragment, String[] args) throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "user file");
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (all.get(0).equals("init")) {
            all.addAll(1, List.of("-o", out.toString()));
        }
        LaunchResult r = l.launch(all.toArray(String[]::new));
        assertEquals(exit, r.exitCode(), r.getOutput() + err(r));
        String err = err(r);
        assertTrue(err.contains(fragment), () -> "expected '" + fragment + "' in:\n" + err);
        assertTrue(err.startsWith("phpod: "), err);
        assertFalse(err.contains("\tat "), "no stack trace without -e:\n" + err);
        assertEquals(Map.of("keep.txt", "user file"), tree(out), "bad input must not write anything");
    }

    @Test
    void anInputErrorIsExactlyOneLine() {
        LaunchResult r = init(l, "--docroot", "../x");
        assertEquals(2, r.exitCode());
        assertEquals(1, err(r).strip().lines().count(), err(r));
    }

    @Test
    void versionAndHelp() {
        LaunchResult v = l.launch("--version");
        assertEquals(0, v.exitCode());
        assertTrue(v.getOutput().strip().matches("phpod \\d+\\.\\d+\\.\\d+.*"), v.getOutput());
        LaunchResult h = l.launch("init", "--help");
        assertEquals(0, h.exitCode());
        for (String opt : List.of("--name", "--image", "--code-path", "--docroot", "--env", "--output", "--from", "--force", "--dry-run",
                "--verbose", "--version", "Examples:", "phpod init --name shop --image", "Exit codes:", "helm upgrade --install")) {
            assertTrue(h.getOutput().contains(opt), () -> "--help lacks " + opt + ":\n" + h.getOutput());
        }
        LaunchResult top = l.launch("--help");
        assertTrue(top.getOutput().contains("init") && top.getOutput().contains("Exit codes:"), top.getOutput());
        LaunchResult help = l.launch("help", "init");
        assertEquals(0, help.exitCode(), err(help));
        assertTrue(help.getOutput().contains("--preset") && help.getOutput().contains("--source"), "phpod help init: " + help.getOutput());
        assertTrue(l.launch("help").getOutput().contains("completion"), "phpod help lists the commands");
    }

    @Test
    void misspeltOptionsAndCommandsGetOneLineWithASuggestion() {
        LaunchResult option = l.launch("init", "--nmae", "shop", "--image", "shop:1");
        assertEquals(2, option.exitCode());
        assertEquals("phpod: Unknown options: '--nmae', 'shop'; did you mean '--name'?; see 'phpod init --help'", err(option).strip());
        LaunchResult command = l.launch("generat");
        assertEquals(2, command.exitCode());
        assertEquals(1, err(command).strip().lines().count(), err(command));
        assertTrue(err(command).contains("did you mean 'generate'?; see 'phpod --help'"), err(command));
        LaunchResult missing = l.launch("init", "--name");
        assertEquals(2, missing.exitCode());
        assertEquals(1, err(missing).strip().lines().count(), err(missing));
    }

    /** The completion script bash reads: valid bash that knows every command and init's options. */
    @Test
    void completionScriptForBash(@TempDir Path dir) throws Exception {
        LaunchResult r = l.launch("completion");
        assertEquals(0, r.exitCode(), err(r));
        Path script = dir.resolve("phpod-completion.bash");
        Files.writeString(script, r.getOutput());
        Process bash = new ProcessBuilder("bash", "-c", "source " + script + " && complete -p phpod && COMP_WORDS=(phpod init --pre) COMP_CWORD=2 "
                + "COMP_LINE='phpod init --pre' COMP_POINT=16 && _complete_phpod phpod --pre init && printf '%s\\n' \"${COMPREPLY[@]}\"")
                .redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, bash.waitFor(), out);
        assertTrue(out.contains("-F _complete_phpod phpod") && out.contains("--preset"), out);
        assertTrue(r.getOutput().contains("(\"generic\" \"laravel\" \"symfony\" \"drupal\" \"wordpress\" \"magento\" \"cakephp\" \"yii2\" \"craft\" \"laminas\" \"slim\") # --preset values"), "the preset names complete too");
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
