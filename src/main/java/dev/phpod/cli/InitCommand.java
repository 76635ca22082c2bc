package dev.phpod.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.phpod.generate.Regenerator;
import dev.phpod.generate.Generation;
import dev.phpod.project.Descriptor;
import dev.phpod.project.Detection;
import dev.phpod.project.InputException;
import dev.phpod.project.Project;
import dev.phpod.project.ProjectValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {
                "Writes the deployment of one PHP project into the output folder:",
                "  phpod.yaml               the project descriptor (re-run with --from)",
                "  helm/<name>/             a Helm chart: nginx + php-fpm in one pod, the code copied",
                "                           from the app image by an init container",
                "  helm/values-<env>.yaml   the values of each environment",
                "  kustomize/               the same pod as a Kustomize base, optional components",
                "                           and one overlay per environment",
                "The app's layout (docroot, writable paths, denied paths) comes from a framework preset:",
                "given with --preset, or found in the app's source tree (--source, default: the current",
                "folder) from composer.json and well-known files; it is written into phpod.yaml.",
                "The tree also adds the framework's commands where it shows the app uses them (queued",
                "jobs: a worker; a schedule: a CronJob; migrations: the release step), each named with",
                "its evidence; --preset alone adds none.",
                "Existing files are never overwritten without --force; unchanged files are left alone." },
        footer = { "", "Examples:",
                "  phpod init --name shop --image registry.example.com/shop:1.4.2",
                "  phpod init --name blog --image blog:2.0 --docroot . --env dev,prod -o deploy",
                "  phpod init --name site --image site:3.1 --source ../site     # finds Laravel, Drupal ...",
                "  phpod init --name news --image news:1.0 --preset wordpress",
                "  phpod generate deploy                       # again, after editing deploy/phpod.yaml",
                "", "Release a new version:",
                "  helm upgrade --install shop deploy/helm/shop -f deploy/helm/values-prod.yaml \\",
                "    --namespace shop-prod --create-namespace --set-string image.tag=1.4.3",
                "  cd deploy/kustomize/overlays/prod",
                "  kustomize edit set image registry.example.com/shop:1.4.3",
                "  kustomize build . | kubectl apply -f -",
                "", ExitCodes.HELP })
public class InitCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Option(names = "--name", paramLabel = "NAME", description = "App and chart name, a DNS-1123 label of at most "
            + ProjectValidator.MAX_NAME + " characters, e.g. shop.")
    String name;

    @Option(names = "--image", paramLabel = "REPOSITORY[:TAG][@DIGEST]", description = "App image holding the PHP code and php-fpm, "
            + "e.g. registry.example.com/shop:1.4.2. The tag becomes the chart's appVersion (default tag: latest); "
            + "a digest (@sha256:...) pins what runs.")
    String image;

    @Option(names = "--code-path", paramLabel = "PATH", description = "Absolute path of the code in the image (default: /var/www/html).")
    String codePath;

    @Option(names = "--docroot", paramLabel = "DIR", description = "Document root relative to --code-path; '.' for the code path itself (default: found in --source, or the preset's).")
    String docroot;

    /** The preset names, for completion. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return dev.phpod.project.Preset.ids().iterator();
        }
    }

    @Option(names = "--preset", paramLabel = "PRESET", completionCandidates = PresetNames.class, description = "The app's framework: generic, laravel, symfony, drupal, "
            + "wordpress, magento, cakephp, yii2, craft, laminas or slim; it sets the docroot, writable paths and denied paths "
            + "(default: found in --source).")
    String preset;

    @Option(names = "--source", paramLabel = "DIR", description = "The app's source tree, read to find the preset, the docroot, "
            + "the folders the app writes, the paths never to serve (composer.json, well-known files, .gitignore, .htaccess) "
            + "and the commands it runs besides serving (workers, schedules, migrations: only where the tree shows them; "
            + "default: the current folder). What it had to guess, it says.")
    Path source;

    @Option(names = "--env", paramLabel = "ENV[,ENV...]", description = "Environments, comma-separated (default: dev,staging,prod).")
    String env;

    @Option(names = { "-o", "--output" }, paramLabel = "DIR", defaultValue = "deploy", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--from", paramLabel = "FILE", description = "Take every input from a phpod.yaml descriptor instead of the flags above.")
    Path from;

    @Option(names = "--force", description = "Overwrite files that exist with other content.")
    boolean force;

    @Option(names = "--dry-run", description = "List the files that would be written; write nothing.")
    boolean dryRun;

    @Mixin
    Verbosity verbosity;

    /** How the layout was chosen, told to the user with the result. */
    private String layoutNote;
    /** The commands found in the source tree, each told to the user with its evidence. */
    private List<dev.phpod.project.FoundCommand> commands = List.of();
    /** What detection had to guess or could not read. */
    private List<String> warnings = List.of();

    /** A layout found in the source tree, as input to the validator (which checks it as it would phpod.yaml's). */
    private static ProjectValidator.LayoutInput layoutOf(dev.phpod.project.Layout found) {
        List<ProjectValidator.WritableInput> writable = new ArrayList<>();
        for (dev.phpod.project.WritablePath w : found.writablePaths()) {
            writable.add(new ProjectValidator.WritableInput("--source (writable path " + w.path() + ")", w.name(), w.path(), w.sizeLimit(),
                    w.seed(), w.urlPath(), w.frontController(), w.persistent(), w.size()));
        }
        return new ProjectValidator.LayoutInput(writable, found.deniedPaths(), found.deniedExtensions());
    }

    @Override
    public Integer call() throws Exception {
        Verbosity.Level level = verbosity.level();
        Descriptor.Loaded loaded = from != null ? fromDescriptor() : null;
        Project project = loaded != null ? loaded.project() : fromFlags();
        if (level != Verbosity.Level.QUIET) {
            warnings.forEach(w -> output.err().println("phpod: warning: " + w));
        }
        // A descriptor given with --from is the user's: copied as written, comments and all.
        Regenerator.Plan plan = Generation.run(project, loaded == null ? null : loaded.text(), out, force, dryRun, Version.get(),
                Regenerator.Mode.INIT);
        List<String> found = new ArrayList<>();
        if (layoutNote != null) {
            found.add(layoutNote);
        }
        commands.forEach(c -> found.add(c.note()));
        return Report.print(output, level, out, plan, dryRun ? Report.Run.DRY_RUN : Report.Run.WRITE, Regenerator.Mode.INIT, found,
                next(project));
    }

    /** The two commands that deploy the first environment, with either tool. */
    private List<String> next(Project project) {
        dev.phpod.project.Environment first = project.environments().get(0);
        Path chart = out.resolve("helm").resolve(project.name());
        return List.of(
                "helm upgrade --install " + project.name() + " " + chart + " -f " + out.resolve("helm/values-" + first.name() + ".yaml")
                        + " --namespace " + first.namespace() + " --create-namespace",
                "kustomize build " + out.resolve("kustomize/overlays/" + first.name()) + " | kubectl apply -f -");
    }

    private Descriptor.Loaded fromDescriptor() {
        List<String> given = new ArrayList<>();
        if (name != null) given.add("--name");
        if (image != null) given.add("--image");
        if (codePath != null) given.add("--code-path");
        if (docroot != null) given.add("--docroot");
        if (env != null) given.add("--env");
        if (preset != null) given.add("--preset");
        if (source != null) given.add("--source");
        if (!given.isEmpty()) {
            throw new InputException("--from: cannot be combined with " + String.join(", ", given) + "; edit " + from + " instead");
        }
        return Descriptor.load(from, Version.get());
    }

    private Project fromFlags() {
        List<ProjectValidator.EnvInput> envs = new ArrayList<>();
        String[] names = (env == null ? "dev,staging,prod" : env).split(",", -1);
        for (String n : names) {
            envs.add(ProjectValidator.EnvInput.named("--env", n.strip()));
        }
        String chosen = preset;
        String root = docroot;
        ProjectValidator.LayoutInput layout = ProjectValidator.LayoutInput.PRESET;
        if (preset != null) {
            if (source != null) {
                throw new InputException("--source: only read to find the preset; drop it, or drop --preset " + preset);
            }
            layoutNote = "the " + preset + " preset (--preset)";
        } else {
            Path tree = source == null ? Path.of(".") : source;
            Detection found = Detection.in(tree);
            chosen = found.preset().id();
            if (root == null) {
                // The layout found belongs to the docroot found; a docroot given takes the preset's.
                root = found.docroot();
                layout = layoutOf(found.layout());
            }
            warnings = found.warnings();
            commands = found.commands();
            layoutNote = "the " + chosen + " preset (found in " + tree + ": " + found.reason() + "; --preset to choose another)";
        }
        List<ProjectValidator.ProcessInput> processes = new ArrayList<>();
        List<ProjectValidator.ScheduleInput> schedules = new ArrayList<>();
        ProjectValidator.ReleaseInput release = null;
        for (dev.phpod.project.FoundCommand c : commands) {
            String field = "--source (" + c.note() + ")";
            switch (c.kind()) {
                case PROCESS -> processes.add(new ProjectValidator.ProcessInput(field, c.name(), c.command(), null, null));
                case SCHEDULE -> schedules.add(new ProjectValidator.ScheduleInput(field, c.name(), c.schedule(), c.command(), null));
                case RELEASE -> release = new ProjectValidator.ReleaseInput(field, c.command(), null);
            }
        }
        Project project = ProjectValidator.validate(Version.get(),
                new ProjectValidator.Input(name, image, codePath, root, chosen, layout, envs, List.of(), processes, schedules, release),
                ProjectValidator.Fields.FLAGS);
        List<String> paths = project.layout().writablePaths().stream().map(w -> w.path() + (w.persistent() ? " (data)" : "")).toList();
        layoutNote = "layout: " + layoutNote + ", docroot " + project.docroot() + ", "
                + (paths.isEmpty() ? "no writable paths" : "writable " + String.join(", ", paths))
                + (project.layout().deniedPaths().isEmpty() ? "" : ", denied " + String.join(", ", project.layout().deniedPaths()))
                + (project.dataPaths().isEmpty() ? "" : "; each (data) path is a PersistentVolumeClaim per environment");
        return project;
    }
}
