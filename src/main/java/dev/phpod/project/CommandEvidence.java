package dev.phpod.project;

import static dev.phpod.project.FoundCommand.process;
import static dev.phpod.project.FoundCommand.release;
import static dev.phpod.project.FoundCommand.schedule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The commands a framework's app runs besides serving, each added only where the tree shows the app
 * uses that feature (a migration, a queued job, a schedule), never from the framework alone, and
 * named with the file that shows it. Commands are relative to the code path, which holds the tree's
 * top (the pods of the commands start there). It only reads, a bounded amount.
 */
final class CommandEvidence {

    /** Text files read at most while looking for a feature, and the size of each. */
    static final int MAX_FILES = 400;
    static final int MAX_BYTES = 256 * 1024;

    /** Laravel: a class queued rather than run at once. */
    private static final Pattern LARAVEL_QUEUED = Pattern.compile("\\bimplements\\b[^{;]*\\bShould(Queue|QueueAfterCommit|Broadcast)\\b");
    private static final Pattern ENV_QUEUE = Pattern.compile("(?m)^\\s*QUEUE_(?:CONNECTION|DRIVER)\\s*=\\s*[\"']?([A-Za-z0-9_-]*)");
    private static final Pattern CONFIG_QUEUE = Pattern.compile(
            "['\"]default['\"]\\s*=>\\s*(?:env\\(\\s*['\"]QUEUE_(?:CONNECTION|DRIVER)['\"]\\s*,\\s*)?['\"]([A-Za-z0-9_-]*)['\"]");
    /** Connections that run a job in the request (or after its response, in the pod that served it), or drop it. */
    private static final Set<String> NOT_QUEUED = Set.of("sync", "null", "deferred", "background", "");
    /** Symfony's scheduler: a schedule provider, or a task that goes to a schedule (default: "default"). */
    private static final Pattern SYMFONY_SCHEDULE = Pattern.compile(
            "#\\[\\s*As(Schedule|CronTask|PeriodicTask)\\b\\s*(\\(([^)]*)\\))?");
    private static final Pattern WP_CRON_OFF = Pattern.compile("define\\s*\\(\\s*['\"]DISABLE_WP_CRON['\"]\\s*,\\s*true\\s*\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CRAFT_NO_AUTO_QUEUE = Pattern.compile(
            "['\"]runQueueAutomatically['\"]\\s*=>\\s*false|->\\s*runQueueAutomatically\\s*\\(\\s*false\\s*\\)", Pattern.CASE_INSENSITIVE);

    private final SourceTree tree;
    private final Composer composer;
    private final String app;
    private int filesRead;

    private CommandEvidence(SourceTree tree, Composer composer, String app) {
        this.tree = tree;
        this.composer = composer;
        this.app = app;
    }

    /**
     * The commands the app of this preset, at app in the tree (its composer.json's folder), shows it
     * runs: processes, then schedules, then the release step.
     */
    static List<FoundCommand> find(SourceTree tree, Composer composer, Preset preset, String app, String docroot) {
        CommandEvidence e = new CommandEvidence(tree, composer, app);
        return switch (preset) {
            case LARAVEL -> e.laravel();
            case SYMFONY -> e.symfony();
            case DRUPAL -> e.drupal();
            case WORDPRESS -> e.wordpress(docroot);
            case MAGENTO -> e.magento();
            case CAKEPHP -> e.cakephp();
            case YII2 -> e.yii2();
            case CRAFT -> e.craft();
            case GENERIC -> e.moodle(docroot);
            case LAMINAS, SLIM -> List.of();
        };
    }

    private List<FoundCommand> laravel() {
        List<FoundCommand> out = new ArrayList<>();
        if (composer.requiresAny("october/rain", "october/all") != null) {
            return out; // October CMS runs its own commands (october:migrate), not Laravel's
        }
        String artisan = at("artisan");
        if (composer.requires("laravel/horizon")) {
            out.add(process("queue", "composer.json requires laravel/horizon", "php", artisan, "horizon"));
        } else {
            String job = firstMatching(at("app"), 4, LARAVEL_QUEUED);
            String[] connection = job == null ? null : laravelQueueConnection();
            if (connection != null && !NOT_QUEUED.contains(connection[0])) {
                out.add(process("queue", job + " is queued (implements ShouldQueue), on the " + connection[0] + " connection (" + connection[1] + ")",
                        "php", artisan, "queue:work", "--tries=3", "--max-time=3600"));
            }
        }
        String scheduled = laravelSchedule();
        if (scheduled != null) {
            out.add(schedule("scheduler", "* * * * *", scheduled, "php", artisan, "schedule:run"));
        }
        int migrations = count(at("database/migrations"), ".php");
        if (migrations > 0) {
            out.add(release(migrations(at("database/migrations"), migrations), "php", artisan, "migrate", "--force"));
        }
        return out;
    }

    /** The queue connection the app uses and where it is set: .env.example's, else config/queue.php's default; null when neither says. */
    private String[] laravelQueueConnection() {
        String env = code(at(".env.example"), false);
        Matcher m = env == null ? null : ENV_QUEUE.matcher(env);
        if (m != null && m.find()) {
            return new String[] { m.group(1), "QUEUE_CONNECTION in " + at(".env.example") };
        }
        String config = code(at("config/queue.php"), true);
        m = config == null ? null : CONFIG_QUEUE.matcher(config);
        if (m != null && m.find()) {
            return new String[] { m.group(1), "the default of " + at("config/queue.php") };
        }
        return null;
    }

    /** Where the app schedules commands: the console kernel's schedule(), routes/console.php's Schedule::, bootstrap/app.php's withSchedule. */
    private String laravelSchedule() {
        String kernel = code(at("app/Console/Kernel.php"), true);
        if (kernel != null && kernel.contains("$schedule->")) {
            return at("app/Console/Kernel.php") + " schedules commands";
        }
        String routes = code(at("routes/console.php"), true);
        if (routes != null && routes.matches("(?s).*\\bSchedule::\\w+.*")) {
            return at("routes/console.php") + " schedules commands (Schedule::)";
        }
        String bootstrap = code(at("bootstrap/app.php"), true);
        if (bootstrap != null && bootstrap.contains("withSchedule(")) {
            return at("bootstrap/app.php") + " schedules commands (withSchedule)";
        }
        return null;
    }

    private List<FoundCommand> symfony() {
        List<FoundCommand> out = new ArrayList<>();
        String console = tree.isFile(at("bin/console")) || !tree.isFile(at("app/console")) ? at("bin/console") : at("app/console");
        if (composer.requires("symfony/messenger") || composer.requires("symfony/symfony")) {
            List<String> transports = routedTransports();
            if (!transports.isEmpty()) {
                List<String> command = new ArrayList<>(List.of("php", console, "messenger:consume"));
                command.addAll(transports);
                command.add("--time-limit=3600");
                out.add(process("messenger", at("config/packages/messenger.yaml") + " routes messages to " + String.join(", ", transports),
                        command.toArray(String[]::new)));
            }
        }
        if (composer.requires("symfony/scheduler") || composer.requires("symfony/symfony")) {
            Set<String> schedules = new LinkedHashSet<>();
            String where = symfonySchedules(schedules);
            if (where != null) {
                List<String> command = new ArrayList<>(List.of("php", console, "messenger:consume"));
                schedules.forEach(s -> command.add("scheduler_" + s));
                out.add(process("scheduler", where + " defines the schedule " + String.join(", ", schedules), command.toArray(String[]::new)));
            }
        }
        if (composer.requires("doctrine/doctrine-migrations-bundle")) {
            for (String folder : doctrineMigrationFolders()) {
                int n = count(folder, ".php");
                if (n > 0) {
                    out.add(release(migrations(folder, n), "php", console, "doctrine:migrations:migrate", "--no-interaction",
                            "--allow-no-migration"));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The transports messenger.yaml routes messages to, in the order it names them: those it defines,
     * other than sync:// ones (handled in the request). Environment sections (when@test) are not the app's.
     */
    @SuppressWarnings("unchecked")
    private List<String> routedTransports() {
        Map<String, Object> messenger = yamlAt(at("config/packages/messenger.yaml"), "framework", "messenger");
        if (messenger == null || !(messenger.get("routing") instanceof Map<?, ?> routing) || !(messenger.get("transports") instanceof Map<?, ?> defined)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (Object to : routing.values()) {
            Object senders = to instanceof Map<?, ?> m ? m.get("senders") : to;
            if (senders instanceof String s) {
                names.add(s);
            } else if (senders instanceof List<?> l) {
                l.stream().filter(String.class::isInstance).map(String.class::cast).forEach(names::add);
            }
        }
        List<String> out = new ArrayList<>();
        for (String name : names) {
            Object t = defined.get(name);
            Object dsn = t instanceof Map<?, ?> m ? ((Map<String, Object>) m).get("dsn") : t;
            if (t != null && !(dsn instanceof String d && d.strip().startsWith("sync://")) && name.matches("[A-Za-z0-9_.-]+")) {
                out.add(name);
            }
        }
        return out;
    }

    /** The schedules the app's code defines (#[AsSchedule], tasks of #[AsCronTask] / #[AsPeriodicTask]) and the first file that does, or null. */
    private String symfonySchedules(Set<String> schedules) {
        String first = null;
        for (String file : phpFiles(at("src"), 5)) {
            String text = code(file, true);
            if (text == null) {
                continue;
            }
            Matcher m = SYMFONY_SCHEDULE.matcher(text);
            while (m.find()) {
                String args = m.group(3) == null ? "" : m.group(3);
                // AsSchedule's first argument is its name; a task's schedule is its 'schedule:' argument.
                Matcher name = Pattern.compile(m.group(1).equals("Schedule") ? "^\\s*(?:name\\s*:\\s*)?['\"]([A-Za-z0-9_-]+)['\"]"
                        : "schedule\\s*:\\s*['\"]([A-Za-z0-9_-]+)['\"]").matcher(args);
                schedules.add(name.find() ? name.group(1) : "default");
                first = first == null ? file : first;
            }
        }
        return first;
    }

    /** The folders doctrine_migrations.yaml names (migrations_paths), else Symfony's migrations/. */
    private List<String> doctrineMigrationFolders() {
        Map<String, Object> config = yamlAt(at("config/packages/doctrine_migrations.yaml"), "doctrine_migrations");
        List<String> out = new ArrayList<>();
        if (config != null && config.get("migrations_paths") instanceof Map<?, ?> paths) {
            for (Object p : paths.values()) {
                if (p instanceof String s && s.startsWith("%kernel.project_dir%/") && !s.contains("..")) {
                    out.add(at(Composer.clean(s.substring("%kernel.project_dir%/".length()))));
                }
            }
        }
        if (out.isEmpty()) {
            out.add(at("migrations"));
        }
        return out;
    }

    private List<FoundCommand> drupal() {
        if (!composer.requires("drush/drush")) {
            return List.of();
        }
        String drush = at(composer.binDir() + "/drush");
        // drush deploy: database updates, configuration import, then deploy hooks (Drush 10.3 and later).
        return List.of(schedule("cron", "0 * * * *", "composer.json requires drush/drush", drush, "cron"),
                release("composer.json requires drush/drush", drush, "deploy"));
    }

    /** WordPress whose wp-config.php turns its request-driven cron off: the schedule must run it. */
    private List<FoundCommand> wordpress(String docroot) {
        for (String dir : List.of(docroot, Preset.under(docroot, "wp"), Preset.under(docroot, "wordpress"))) {
            if (!tree.isFile(Detection.Reader.in(dir, "wp-cron.php")) && !tree.isFile(Detection.Reader.in(dir, "wp-load.php"))
                    && !tree.isFile(Detection.Reader.in(dir, "wp-includes/version.php"))) {
                continue;
            }
            // WordPress reads wp-config.php from its own folder or the one above it.
            for (String config : List.of(Detection.Reader.in(dir, "wp-config.php"), Detection.Reader.in(Preset.parent(dir), "wp-config.php"))) {
                String text = code(config, true);
                if (text != null) {
                    return WP_CRON_OFF.matcher(text).find()
                            ? List.of(schedule("cron", "*/5 * * * *", config + " sets DISABLE_WP_CRON to true", "php",
                                    Detection.Reader.in(dir, "wp-cron.php")))
                            : List.of();
                }
            }
            return List.of();
        }
        return List.of();
    }

    private List<FoundCommand> magento() {
        String why = tree.isFile(at("bin/magento")) ? at("bin/magento") + " is in the tree"
                : composer.requiresAny("magento/product-community-edition", "magento/product-enterprise-edition", "magento/magento2-base") != null
                        ? "composer.json requires Magento, which installs bin/magento" : null;
        if (why == null) {
            return List.of();
        }
        String magento = at("bin/magento");
        // Every cron group in this run: a group in a process of its own is started in the background,
        // which the end of the CronJob's pod would stop.
        return List.of(schedule("cron", "* * * * *", why + "; Magento needs its cron", "php", magento, "cron:run",
                "--bootstrap=standaloneProcessStarted=1"),
                release(why, "php", magento, "setup:upgrade", "--keep-generated"));
    }

    private List<FoundCommand> cakephp() {
        int n = count(at("config/Migrations"), ".php");
        if (!composer.requires("cakephp/migrations") || n == 0) {
            return List.of();
        }
        return List.of(release(migrations(at("config/Migrations"), n) + ", composer.json requires cakephp/migrations", "php",
                at("bin/cake.php"), "migrations", "migrate"));
    }

    private List<FoundCommand> yii2() {
        for (String folder : List.of("migrations", "console/migrations")) {
            int n = count(at(folder), ".php");
            if (n > 0) {
                return List.of(release(migrations(at(folder), n), "php", at("yii"), "migrate", "--interactive=0"));
            }
        }
        return List.of();
    }

    private List<FoundCommand> craft() {
        if (!tree.isFile(at("craft"))) {
            return List.of();
        }
        List<FoundCommand> out = new ArrayList<>();
        String general = code(at("config/general.php"), true);
        if (general != null && CRAFT_NO_AUTO_QUEUE.matcher(general).find()) {
            out.add(process("queue", at("config/general.php") + " sets runQueueAutomatically to false", "php", at("craft"), "queue/listen"));
        }
        // craft up: pending migrations of Craft and its plugins, then the project config's changes.
        out.add(release(at("craft") + " is in the tree: Craft's migrations and project config", "php", at("craft"), "up", "--interactive=0"));
        return out;
    }

    /** Moodle (an app known by its config-dist.php): its cron every minute, its upgrade at each release. */
    private List<FoundCommand> moodle(String docroot) {
        String cron = Detection.Reader.in(docroot, "admin/cli/cron.php");
        String upgrade = Detection.Reader.in(docroot, "admin/cli/upgrade.php");
        if (!tree.isFile(Detection.Reader.in(docroot, "config-dist.php")) || !tree.isFile(cron) || !tree.isFile(upgrade)) {
            return List.of();
        }
        return List.of(schedule("cron", "* * * * *", cron + " is in the tree: Moodle's cron", "php", cron),
                release(upgrade + " is in the tree: Moodle's upgrade", "php", upgrade, "--non-interactive"));
    }

    /** A path of the app, relative to the tree's top (and to the code path). */
    private String at(String path) {
        return Detection.Reader.in(app, path);
    }

    private static String migrations(String folder, int n) {
        return folder + "/ holds " + n + " migration" + (n == 1 ? "" : "s");
    }

    /** How many files with this suffix the folder holds (not below it). */
    private int count(String folder, String suffix) {
        return (int) tree.list(folder).stream().filter(n -> !n.endsWith("/") && n.endsWith(suffix)).count();
    }

    /** The .php files below a folder, depth levels down, in order. */
    private List<String> phpFiles(String folder, int depth) {
        List<String> out = new ArrayList<>();
        for (String n : tree.list(folder)) {
            String path = Detection.Reader.in(folder, n.endsWith("/") ? n.substring(0, n.length() - 1) : n);
            if (n.endsWith("/") && depth > 1 && !n.startsWith(".")) {
                out.addAll(phpFiles(path, depth - 1));
            } else if (n.endsWith(".php")) {
                out.add(path);
            }
        }
        return out;
    }

    /** The first .php file below the folder whose code matches, or null. */
    private String firstMatching(String folder, int depth, Pattern pattern) {
        for (String file : phpFiles(folder, depth)) {
            String text = code(file, true);
            if (text != null && pattern.matcher(text).find()) {
                return file;
            }
        }
        return null;
    }

    /**
     * A small text file (null when missing, too large, or past the reading budget), PHP comments
     * removed when asked: a commented-out line is not a use.
     */
    private String code(String path, boolean php) {
        if (filesRead >= MAX_FILES) {
            return null;
        }
        filesRead++;
        String text = tree.read(path, MAX_BYTES);
        if (text == null || !php) {
            return text;
        }
        return text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*(//|#(?!\\[)).*$", "");
    }

    /** A mapping in a YAML file (keys in turn), or null when the file is missing, not YAML phpod reads, or lacks it. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> yamlAt(String path, String... keys) {
        String text = code(path, false);
        if (text == null) {
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_BYTES);
        Object at;
        try {
            at = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            return null; // Symfony's own tags (!php/const ...) or broken YAML: nothing shown
        }
        for (String k : keys) {
            at = at instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return at instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
