package dev.phpod.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a PHP app's source tree says about its deployment: the framework (its preset), the docroot,
 * the folders the app writes and the URL paths nginx must never serve. It reads what the tree says,
 * in this order: composer.json (require, replace, extra.public-dir, installer paths,
 * wordpress-install-dir, the Drupal scaffold's web root), then the files each framework is known by,
 * then the tree itself (folders kept empty for the app to write, .gitignore, .htaccess denials). It
 * only reads, a bounded amount.
 *
 * @param preset   the framework's preset
 * @param docroot  the docroot, relative to the source tree
 * @param layout   the writable and denied paths
 * @param reason   what gave it away, for the user
 * @param warnings what it had to guess or could not read, one line each
 * @param commands the commands the tree shows the app runs besides serving (workers, schedules,
 *                 migrations), each with its evidence
 */
public record Detection(Preset preset, String docroot, Layout layout, String reason, List<String> warnings, List<FoundCommand> commands) {

    static final int MAX_COMPOSER_BYTES = Composer.MAX_BYTES;

    public Detection {
        warnings = List.copyOf(warnings);
        commands = List.copyOf(commands);
    }

    public static Detection in(Path source) {
        SourceTree tree = SourceTree.open(source);
        Detection found = new Reader(tree).detect();
        List<String> warnings = new ArrayList<>(found.warnings);
        for (String p : tree.problems()) {
            warnings.add("could not read " + p + "; what phpod found may be wrong: check it, or give --preset and --docroot");
        }
        return new Detection(found.preset, found.docroot, found.layout, found.reason, warnings, found.commands);
    }

    /** Docroot folders people use, in the order phpod tries them. */
    static final List<String> DOCROOTS = List.of("public", "web", "public_html", "webroot", "pub", "docroot", "htdocs", "www", "html", "httpdocs");

    /** Folders an app writes when no framework says more: scratch, lost with the pod without harm. */
    static final Set<String> SCRATCH = Set.of("tmp", "temp", "cache", "logs", "log", "runtime", "sessions", "var", "compiled", "templates_c");
    /** Folders an app writes that hold data to keep. */
    static final Set<String> DATA = Set.of("storage", "data", "uploads", "upload", "files", "media", "images", "attachments", "avatars",
            "backup", "backups");
    /** Data folders that are also what visitors download (served from the docroot). */
    static final Set<String> SERVED_DATA = Set.of("uploads", "upload", "files", "media", "images", "attachments", "avatars");
    /** Folders that must never be served when they sit in the docroot. */
    static final Set<String> NEVER_SERVED = Set.of("vendor", "node_modules", "tests", "test", "config", "conf", "bin", "var", "storage",
            "tmp", "temp", "logs", "log", "cache", "runtime", "private", "data", "sessions", "backup", "backups", "templates_c", "compiled");
    /** Files that must never be served when they sit in the docroot. */
    static final List<String> NEVER_SERVED_FILES = List.of("composer.json", "composer.lock", "auth.json", "package.json",
            "package-lock.json", "yarn.lock", "symfony.lock", "artisan");

    /**
     * Self-hosted apps known by a file at their docroot, and the folders their docs ask to be
     * writable: scratch, and data (relative to the docroot, or absolute when the app keeps it
     * outside its code), with what the user must set for it.
     */
    private record App(String marker, List<String> scratch, List<String> data, String note) {
    }

    private static final List<App> APPS = List.of(
            // phpMyAdmin's TempDir (the Twig cache, uploads for import): ./tmp by default.
            new App("config.sample.inc.php", List.of("tmp"), List.of(), null),
            // Joomla: its caches and logs, and images/ (the media manager's uploads).
            new App("administrator/index.php", List.of("tmp", "cache", "administrator/cache", "administrator/logs"), List.of("images"), null),
            // Moodle: $CFG->dataroot, which must be outside the docroot.
            new App("config-dist.php", List.of(), List.of("/var/www/moodledata"),
                    "Moodle keeps its files in $CFG->dataroot: phpod mounts /var/www/moodledata; set $CFG->dataroot to it in config.php"));

    /** How a shim at the top names the folder it hands over to. */
    private static final Pattern SHIM = Pattern.compile("['\"/]([A-Za-z0-9_-][A-Za-z0-9_.-]*)/index\\.php"
            + "|['\"]([A-Za-z0-9_-][A-Za-z0-9_.-]*)['\"]\\s*\\.\\s*DIRECTORY_SEPARATOR\\s*\\.\\s*['\"]index\\.php"
            + "|Location:\\s*/?([A-Za-z0-9_-][A-Za-z0-9_.-]*)/?['\"]"
            + "|point[^'\"\\n]{0,60}?/([A-Za-z0-9_-][A-Za-z0-9_.-]*)", Pattern.CASE_INSENSITIVE);

    private static final Pattern DENY_ALL = Pattern.compile("(?im)^\\s*(deny\\s+from\\s+all|require\\s+all\\s+denied)\\b");

    /** One reading of a tree. */
    static final class Reader {
        private final SourceTree tree;
        private final List<String> warnings = new ArrayList<>();
        private List<String> ignored;

        Reader(SourceTree tree) {
            this.tree = tree;
        }

        Detection detect() {
            Composer composer = Composer.in(tree, "");
            Found found = framework(composer, "");
            if (found == null) {
                found = generic(composer);
            }
            String docroot = found.docroot;
            if (!docroot.equals(".") && !tree.isFolder(docroot) && found.warnings.isEmpty()) {
                warnings.add("the docroot " + docroot + " is not in " + tree.root() + " (" + found.reason
                        + "); if the image's build makes it, keep it, else give --docroot");
            }
            Layout layout = layout(found, docroot);
            List<FoundCommand> commands = CommandEvidence.find(tree, found.composer == null ? composer : found.composer, found.preset,
                    found.app, docroot);
            List<String> all = new ArrayList<>(found.warnings);
            all.addAll(warnings);
            return new Detection(found.preset, docroot, layout, found.reason, all, commands);
        }

        /** A framework's preset and docroot, or null for an app of no known framework; with the app's folder and composer.json. */
        private Found framework(Composer c, String app) {
            Found f = frameworkOf(c, app);
            if (f != null) {
                f.app = app;
                f.composer = c;
            }
            return f;
        }

        private Found frameworkOf(Composer c, String app) {
            String pkg;
            if ((pkg = c.requiresAny("magento/product-community-edition", "magento/product-enterprise-edition", "magento/magento2-base",
                    "magento/framework")) != null || (tree.isFile(in(app, "bin/magento")) && tree.isFile(in(app, "app/etc/di.xml")))) {
                return new Found(Preset.MAGENTO, docroot(app, "pub"), pkg == null ? "bin/magento and app/etc/di.xml" : requires(pkg));
            }
            if ((pkg = c.requiresAny("drupal/core-recommended", "drupal/core", "drupal/core-composer-scaffold")) != null) {
                String webRoot = c.extra("drupal-scaffold", "locations", "web-root");
                String core = c.installerPath("drupal-core");
                String root = webRoot != null ? webRoot : core != null ? Preset.parent(core) : null;
                if (root == null) {
                    root = firstHolding(app, List.of(".", "web", "docroot", "html", "public"), "core/lib/Drupal.php");
                }
                return new Found(Preset.DRUPAL, root != null ? in(app, root) : docroot(app, "web"), requires(pkg)
                        + (webRoot != null ? ", web root " + webRoot + " (extra.drupal-scaffold)" : ""));
            }
            String drupalRoot = firstHolding(app, List.of(".", "web", "docroot", "html", "public"), "core/lib/Drupal.php");
            if (drupalRoot != null) {
                return new Found(Preset.DRUPAL, in(app, drupalRoot), in(in(app, drupalRoot), "core/lib/Drupal.php"));
            }
            Found wordpress = wordpress(c, app);
            if (wordpress != null) {
                return wordpress;
            }
            if ((pkg = c.requiresAny("craftcms/cms")) != null || (tree.isFile(in(app, "craft")) && tree.isFile(in(app, "config/general.php")))) {
                return new Found(Preset.CRAFT, docroot(app, "web"), pkg != null ? requires(pkg) : "craft and config/general.php");
            }
            if ((pkg = c.requiresAny("laravel/framework", "october/rain", "october/all")) != null
                    || (tree.isFile(in(app, "artisan")) && tree.isFile(in(app, "bootstrap/app.php")))) {
                String why = pkg != null ? requires(pkg) : "artisan and bootstrap/app.php";
                if (!tree.isFile(in(app, "public/index.php")) && tree.isFile(in(app, "index.php"))) {
                    Found f = new Found(Preset.LARAVEL, in(app, "."), why + ", index.php at the top (no public/index.php)");
                    f.warnings.add("served from its top, the app's storage/ is denied: files it serves from there (uploads, media) do not load;"
                            + " give the app a public folder (October: php artisan october:mirror public --relative) and --docroot public");
                    return f;
                }
                return new Found(Preset.LARAVEL, in(app, "public"), why);
            }
            if ((pkg = c.requiresAny("symfony/framework-bundle", "symfony/symfony")) != null
                    || (tree.isFile(in(app, "bin/console")) && tree.isFile(in(app, "config/bundles.php")))
                    || (tree.isFile(in(app, "app/console")) && tree.isFile(in(app, "web/app.php")))) {
                String why = pkg != null ? requires(pkg) : tree.isFile(in(app, "bin/console")) ? "bin/console and config/bundles.php"
                        : "app/console and web/app.php";
                String publicDir = c.extra("public-dir");
                if (publicDir != null) {
                    return new Found(Preset.SYMFONY, in(app, publicDir), why + ", public-dir " + publicDir + " (extra.public-dir)");
                }
                if (!tree.isFile(in(app, "public/index.php")) && (tree.isFile(in(app, "web/app.php")) || tree.isFile(in(app, "web/index.php")))) {
                    return new Found(Preset.SYMFONY, in(app, "web"), why + ", the web/ front controller (Symfony 2 to 3)");
                }
                return new Found(Preset.SYMFONY, in(app, "public"), why);
            }
            if ((pkg = c.requiresAny("cakephp/cakephp")) != null) {
                return new Found(Preset.CAKEPHP, in(app, "webroot"), requires(pkg));
            }
            if ((pkg = c.requiresAny("yiisoft/yii2")) != null) {
                if (tree.isFolder(in(app, "frontend/web"))) {
                    Found f = new Found(Preset.YII2, in(app, "frontend/web"), requires(pkg) + ", the advanced template's frontend");
                    if (tree.isFolder(in(app, "backend/web"))) {
                        f.warnings.add("backend/web is a second app of the same tree: deploy it as a second phpod project with --docroot backend/web");
                    }
                    return f;
                }
                return new Found(Preset.YII2, in(app, "web"), requires(pkg));
            }
            if ((pkg = c.requiresAny("laminas/laminas-mvc", "mezzio/mezzio", "zendframework/zend-mvc", "zendframework/zend-expressive")) != null) {
                return new Found(Preset.LAMINAS, in(app, "public"), requires(pkg));
            }
            if ((pkg = c.requiresAny("slim/slim")) != null && tree.isFolder(in(app, "public"))) {
                return new Found(Preset.SLIM, in(app, "public"), requires(pkg));
            }
            return null;
        }

        /** WordPress, as core, as a Composer-managed install (Bedrock, a content folder of its own) or as its wp-content alone. */
        private Found wordpress(Composer c, String app) {
            String pkg = c.requiresAny("roots/wordpress", "johnpbloch/wordpress", "johnpbloch/wordpress-core", "roots/wordpress-no-content",
                    "roots/wordpress-full");
            String installDir = c.extra("wordpress-install-dir");
            String plugins = c.installerPath("wordpress-plugin");
            if (pkg != null || installDir != null) {
                String install = installDir != null ? installDir : "wordpress";
                String docroot = Preset.parent(install);
                String content = plugins != null ? Preset.parent(plugins) : contentFolder(app, docroot);
                Found f = new Found(Preset.WORDPRESS, in(app, docroot), (pkg != null ? requires(pkg) : "composer.json")
                        + ", WordPress in " + install + (installDir != null ? " (extra.wordpress-install-dir)" : ""));
                f.content = in(app, content == null ? Preset.under(docroot, "wp-content") : content);
                return f;
            }
            for (String root : List.of(".", "web", "public", "public_html", "htdocs", "wordpress", "wp")) {
                for (String marker : List.of("wp-includes/version.php", "wp-load.php", "wp-settings.php")) {
                    if (tree.isFile(in(app, Preset.under(root, marker)))) {
                        Found f = new Found(Preset.WORDPRESS, in(app, root), in(app, Preset.under(root, marker)));
                        String content = contentFolder(app, root);
                        f.content = in(app, content == null ? Preset.under(root, "wp-content") : content);
                        return f;
                    }
                }
            }
            for (String root : List.of(".", "web", "public")) {
                if (tree.isFile(in(app, Preset.under(root, "wp-config.php")))) {
                    String content = contentFolder(app, root);
                    Found f = new Found(Preset.WORDPRESS, in(app, root), in(app, Preset.under(root, "wp-config.php"))
                            + (content == null ? "" : ", content in " + content));
                    f.content = in(app, content == null ? Preset.under(root, "wp-content") : content);
                    return f;
                }
            }
            if (plugins != null) {
                String content = Preset.parent(plugins);
                Found f = new Found(Preset.WORDPRESS, in(app, Preset.parent(content)), "composer.json's installer path for WordPress plugins ("
                        + plugins + ")");
                f.content = in(app, content);
                return f;
            }
            boolean contentOnly = !tree.isFile(in(app, "index.php")) && (tree.isFolder(in(app, "mu-plugins"))
                    || tree.isFolder(in(app, "client-mu-plugins")) || (tree.isFolder(in(app, "themes")) && tree.isFolder(in(app, "plugins"))));
            String type = c.doc().get("type") instanceof String t ? t : "";
            if (contentOnly || type.equals("wordpress-theme") || type.equals("wordpress-plugin") || type.equals("wordpress-muplugin")) {
                Found f = new Found(Preset.WORDPRESS, in(app, "."), contentOnly ? "themes/ and plugins/ of a wp-content folder"
                        : "composer.json's type " + type);
                f.content = in(app, "wp-content");
                f.contentOnly = true;
                f.warnings.add("the tree holds a wp-content folder only: the image must hold WordPress at the code path with this tree as its"
                        + " wp-content (as the official wordpress image does)");
                return f;
            }
            if (tree.isFolder(in(app, "wp-content")) && !tree.isFile(in(app, "index.php"))) {
                Found f = new Found(Preset.WORDPRESS, in(app, "."), "wp-content/ without WordPress itself");
                f.content = in(app, "wp-content");
                f.warnings.add("the tree holds wp-content without WordPress: the image must hold WordPress at the code path");
                return f;
            }
            return null;
        }

        /** Where WordPress's content is, below this root: wp-content, or a folder of another name holding plugins/ or themes/. */
        private String contentFolder(String app, String root) {
            for (String name : List.of("wp-content", "content", "app")) {
                String f = Preset.under(root, name);
                if (tree.isFolder(in(app, f + "/plugins")) || tree.isFolder(in(app, f + "/themes")) || tree.isFolder(in(app, f + "/mu-plugins"))) {
                    return f;
                }
            }
            return null;
        }

        /** An app of no known framework: its docroot from the tree; the app itself may sit in a folder of the tree. */
        private Found generic(Composer c) {
            String publicDir = c.extra("public-dir");
            if (publicDir != null) {
                return new Found(Preset.GENERIC, publicDir, "composer.json's extra.public-dir");
            }
            String front = frontController("");
            if (front != null) {
                return new Found(Preset.GENERIC, front, (front.equals(".") ? "" : front + "/") + "index.php");
            }
            // The app in one folder of the tree (opencart's upload/, a monorepo's api/).
            List<String> apps = new ArrayList<>();
            for (String f : tree.folders("")) {
                if (f.startsWith(".") || NEVER_SERVED.contains(f) || Set.of("docs", "doc", "build", "tools", "scripts", "install", "upgrade").contains(f)) {
                    continue;
                }
                if (tree.isFile(f + "/composer.json") || frontController(f) != null) {
                    apps.add(f);
                }
            }
            if (apps.size() == 1) {
                String app = apps.get(0);
                Composer inner = Composer.in(tree, app);
                Found f = framework(inner, app);
                if (f == null) {
                    String innerFront = frontController(app);
                    f = new Found(Preset.GENERIC, innerFront != null ? in(app, innerFront) : in(app, "public"),
                            "the app's code is in " + app + "/" + (innerFront != null ? ", " + in(in(app, innerFront), "index.php") : ""));
                }
                f.warnings.add("the app is in " + app + "/ of the tree: docroot " + f.docroot + " supposes the image holds the whole tree at the"
                        + " code path; if it holds " + app + "/ alone, run init with --source " + tree.root().resolve(app));
                return f;
            }
            boolean php = tree.holds("", 3, ".php");
            Found f = new Found(Preset.GENERIC, "public", php ? "PHP files, but no front controller (index.php) in the places looked at"
                    : "no PHP app found");
            f.warnings.add(php ? "no index.php at the top or in " + String.join(", ", DOCROOTS) + ": docroot public is a guess; give --docroot"
                    : "no PHP app in " + tree.root() + ": the generic preset with docroot public is a guess; give --source with the app's"
                            + " source tree, or --preset and --docroot");
            return f;
        }

        /** The docroot of an app below this folder: a docroot folder holding index.php wins over a shim at the top. */
        private String frontController(String app) {
            for (String d : DOCROOTS) {
                if (tree.isFile(in(in(app, d), "index.php"))) {
                    return d;
                }
            }
            if (!tree.isFile(in(app, "index.php"))) {
                return null;
            }
            String shim = shimTarget(app);
            return shim != null ? shim : ".";
        }

        /**
         * The folder a small index.php at the top hands over to (CakePHP's require of webroot/index.php,
         * FreshRSS's redirect to p/, Roundcube's "point your server to /public_html"), if that folder
         * holds a front controller.
         */
        private String shimTarget(String app) {
            String text = tree.read(in(app, "index.php"), 2048);
            if (text == null) {
                return null;
            }
            java.util.regex.Matcher m = SHIM.matcher(text);
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    String folder = m.group(g);
                    if (folder != null && !folder.startsWith(".") && tree.isFile(in(in(app, folder), "index.php"))) {
                        return folder;
                    }
                }
            }
            return null;
        }

        /** The framework's usual docroot below the app. */
        private static String docroot(String app, String usual) {
            return in(app, usual);
        }

        private String firstHolding(String app, List<String> roots, String marker) {
            for (String r : roots) {
                if (tree.isFile(in(in(app, r), marker))) {
                    return r;
                }
            }
            return null;
        }

        /** The preset's paths for this docroot, then what the tree says beyond them. */
        private Layout layout(Found found, String docroot) {
            Layout preset = found.preset.layout(docroot);
            List<WritablePath> writable = new ArrayList<>(preset.writablePaths());
            if (found.preset == Preset.WORDPRESS && found.content != null) {
                writable = new ArrayList<>(List.of(new WritablePath("uploads", found.content + "/uploads", null, true, null, false, true)));
            }
            if (found.preset == Preset.SYMFONY && !tree.isFolder(in(Preset.parent(docroot), "var"))
                    && tree.isFolder(in(Preset.parent(docroot), "app/cache")) || found.preset == Preset.SYMFONY
                    && tree.isFile(in(Preset.parent(docroot), "app/AppKernel.php")) && !tree.isFolder(in(Preset.parent(docroot), "var"))) {
                String app = Preset.parent(docroot);
                writable = new ArrayList<>(List.of(new WritablePath("app-cache", in(app, "app/cache"), null, true, null, false),
                        new WritablePath("app-logs", in(app, "app/logs"), null, true, null, false)));
            }
            if (found.preset == Preset.SYMFONY) {
                // var/ is scratch (cache, log, sessions) unless the app keeps its data there too (a SQLite database, plugins).
                String var = in(Preset.parent(docroot), "var");
                boolean data = tree.folders(var).stream().anyMatch(f -> !Set.of("cache", "log", "logs", "sessions", "tmp").contains(f));
                writable.replaceAll(w -> w.path().equals(var) && data
                        ? new WritablePath(w.name(), w.path(), w.sizeLimit(), w.seed(), w.urlPath(), w.frontController(), true) : w);
            }
            if (found.contentOnly) {
                // The tree is the image's wp-content: its folders are not at the code path.
                return new Layout(writable, preset.deniedPaths(), preset.deniedExtensions());
            }
            for (App a : APPS) {
                if (found.preset == Preset.GENERIC && tree.isFile(in(docroot, a.marker))) {
                    for (String w : SourceTree.join(a.scratch, a.data)) {
                        String path = w.startsWith("/") ? w : in(docroot, w);
                        if (!overlaps(path, writable)) {
                            writable.add(new WritablePath(volumeName(w.substring(w.lastIndexOf('/') + 1), writable), path, null,
                                    !w.startsWith("/") && tree.isFolder(path), null, false, a.data.contains(w)));
                        }
                    }
                    if (a.note != null) {
                        warnings.add(a.note);
                    }
                }
            }
            extras(found.preset, Preset.parent(docroot), docroot, writable);
            List<String> denied = new ArrayList<>(preset.deniedPaths());
            denied(docroot, writable, denied);
            return new Layout(writable, denied, preset.deniedExtensions());
        }

        /** Folders the tree shows the app writes, besides the preset's. */
        private void extras(Preset preset, String app, String docroot, List<WritablePath> writable) {
            Set<String> places = new LinkedHashSet<>();
            places.add(app);
            places.add(docroot);
            for (String place : places) {
                for (String name : tree.folders(place.equals(".") ? "" : place)) {
                    String path = in(place, name);
                    boolean generic = preset == Preset.GENERIC;
                    boolean known = SCRATCH.contains(name) || DATA.contains(name) || name.equals("assets");
                    // An app served from its own top writes its configuration there at install (Matomo,
                    // Nextcloud, DokuWiki); one with a public folder of its own is made to run read-only.
                    boolean config = generic && docroot.equals(app) && (name.equals("config") || name.equals("conf")) && writtenAtInstall(path);
                    if (!known && !config) {
                        continue;
                    }
                    if (overlaps(path, writable)) {
                        continue;
                    }
                    boolean empty = tree.keptEmpty(path);
                    boolean ignoredInside = ignoredInside(path);
                    boolean denied = deniesAll(path);
                    // assets/: what the app compiles (scratch), unless users' files live in it (avatars).
                    boolean data = DATA.contains(name) || config || name.equals("assets") && tree.folders(path).stream().anyMatch(DATA::contains);
                    boolean take;
                    if (generic) {
                        // No framework to say: a conventional folder is written unless it holds the app's own files to serve.
                        take = config || empty || ignoredInside || denied || !(SERVED_DATA.contains(name) || name.equals("assets"));
                    } else {
                        // A framework's own folders come from its preset; the tree adds the app's data: a database, uploads.
                        take = data && !name.equals("storage") && (empty || ignoredInside || tree.holds(path, 2, ".sqlite", ".sqlite3", ".db"));
                    }
                    if (take) {
                        writable.add(new WritablePath(volumeName(name, writable), path, null, !empty || config, null, false, data));
                    }
                }
            }
            if (preset == Preset.GENERIC) {
                // Folders the repository ignores whole: made by the app at run time (a Nextcloud's data/).
                for (String line : ignored()) {
                    String name = line.replaceAll("^/", "").replaceAll("/(\\*)?$", "");
                    if ((DATA.contains(name) || SCRATCH.contains(name)) && !tree.isFolder(in(app, name)) && !overlaps(in(app, name), writable)
                            && line.startsWith("/")) {
                        writable.add(new WritablePath(volumeName(name, writable), in(app, name), null, false, null, false, DATA.contains(name)));
                    }
                }
            }
        }

        /** What the tree's folders and files at the docroot must never serve: folders of the app's own, or its .htaccess denials. */
        private void denied(String docroot, List<WritablePath> writable, List<String> denied) {
            String root = docroot.equals(".") ? "" : docroot;
            for (String name : tree.folders(root)) {
                String path = in(docroot, name);
                boolean servedData = SERVED_DATA.contains(name) && writable.stream().anyMatch(w -> w.path().equals(path));
                // Folders of the app's own are in the docroot only when it is the app's top, not a public folder.
                boolean top = docroot.equals(".") || !DOCROOTS.contains(docroot.substring(docroot.lastIndexOf('/') + 1));
                if (!servedData && (top && NEVER_SERVED.contains(name) || deniesAll(path)) && !name.startsWith(".")) {
                    add(denied, "/" + name);
                }
                for (String sub : tree.folders(path.equals(".") ? name : path)) {
                    if (!sub.startsWith(".") && deniesAll(in(path, sub)) && !denied.contains("/" + name)) {
                        add(denied, "/" + name + "/" + sub);
                    }
                }
            }
            if (docroot.equals(".")) {
                // Writable folders the tree does not hold yet (made at install) are no more served than the others.
                for (WritablePath w : writable) {
                    if (!w.path().startsWith("/") && !w.path().contains("/") && NEVER_SERVED.contains(w.path())) {
                        add(denied, "/" + w.path());
                    }
                }
            }
            for (String file : NEVER_SERVED_FILES) {
                if (tree.isFile(in(root.isEmpty() ? "." : root, file))) {
                    add(denied, "/" + file);
                }
            }
        }

        private static void add(List<String> list, String url) {
            if (!list.contains(url) && url.matches("(/[A-Za-z0-9_.~-]+)+")) {
                list.add(url);
            }
        }

        /** Whether the repository ignores files inside this folder, which the app writes at install (config.php, local.php). */
        private boolean writtenAtInstall(String folder) {
            for (String line : ignored()) {
                String l = line.replaceAll("^/", "");
                if (l.startsWith(folder + "/") && l.length() > folder.length() + 1 && !l.endsWith("/")) {
                    return true;
                }
            }
            String own = tree.read(folder + "/.gitignore", 64 * 1024);
            return own != null && own.lines().anyMatch(x -> x.strip().matches("[A-Za-z0-9_.-]+\\.(php|ini|json|yml|yaml|conf)"));
        }

        /** Whether the repository ignores what is in this folder: its own .gitignore or the top one. */
        private boolean ignoredInside(String folder) {
            String own = tree.read(folder + "/.gitignore", 64 * 1024);
            if (own != null && own.lines().map(String::strip).anyMatch(l -> l.equals("*") || l.equals("/*") || l.equals("**"))) {
                return true;
            }
            for (String line : ignored()) {
                String l = line.replaceAll("^/", "");
                if (l.equals(folder) || l.equals(folder + "/") || l.equals(folder + "/*") || l.equals(folder + "/**")) {
                    return true;
                }
            }
            return false;
        }

        /** The top .gitignore's patterns, comments and negations left out. */
        private List<String> ignored() {
            if (ignored == null) {
                String text = tree.read(".gitignore", 256 * 1024);
                ignored = text == null ? List.of() : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!")).toList();
            }
            return ignored;
        }

        /** Whether the folder's .htaccess refuses every request (what Apache users rely on, and nginx never reads). */
        private boolean deniesAll(String folder) {
            String text = tree.read(in(folder, ".htaccess"), 64 * 1024);
            return text != null && htaccessDeniesAll(text);
        }

        /** A denial that applies to every request: not one inside a Files, FilesMatch, Limit or Location block. */
        static boolean htaccessDeniesAll(String htaccess) {
            int scoped = 0;
            for (String line : htaccess.lines().map(String::strip).toList()) {
                String l = line.toLowerCase(Locale.ROOT);
                if (l.matches("<(files|filesmatch|limit|limitexcept|location|locationmatch|directorymatch)\\b.*")) {
                    scoped++;
                } else if (l.matches("</(files|filesmatch|limit|limitexcept|location|locationmatch|directorymatch)>")) {
                    scoped = Math.max(0, scoped - 1);
                } else if (scoped == 0 && DENY_ALL.matcher(line).find()) {
                    return true;
                }
            }
            return false;
        }

        private static boolean overlaps(String path, List<WritablePath> writable) {
            for (WritablePath w : writable) {
                if (w.path().equals(path) || w.path().startsWith(path + "/") || path.startsWith(w.path() + "/")) {
                    return true;
                }
            }
            return false;
        }

        /** A volume name for a folder, unique among the paths found so far. */
        private static String volumeName(String folder, List<WritablePath> taken) {
            String base = folder.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
            base = base.isEmpty() ? "data" : base.length() > 28 ? base.substring(0, 28) : base;
            String name = base;
            for (int i = 2; true; i++) {
                String n = name;
                if (taken.stream().noneMatch(w -> w.name().equals(n))) {
                    return name;
                }
                name = base + "-" + i;
            }
        }

        private static String requires(String pkg) {
            return "composer.json requires " + pkg;
        }

        /** A path below a folder of the tree ("" and "." are its top). */
        static String in(String folder, String path) {
            if (folder.isEmpty() || folder.equals(".")) {
                return path;
            }
            return path.equals(".") ? folder : folder + "/" + path;
        }
    }

    /** A framework found, before its layout. */
    private static final class Found {
        final Preset preset;
        final String docroot;
        final String reason;
        final List<String> warnings = new ArrayList<>();
        /** The app's folder in the tree ("" for its top) and its composer.json, when a framework was found there. */
        String app = "";
        Composer composer;
        String content;
        boolean contentOnly;

        Found(Preset preset, String docroot, String reason) {
            this.preset = preset;
            this.docroot = docroot;
            this.reason = reason;
        }
    }
}
