package dev.phpod.project;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The layouts of the common PHP frameworks: their docroot, the folders they write and what their
 * {@code .htaccess} files protect under Apache. Paths of a preset follow the docroot, so a Drupal
 * project whose docroot is {@code docroot/} gets {@code docroot/sites/default/files}.
 */
public enum Preset {
    GENERIC("generic", "a PHP app with a front controller", "public") {
        @Override
        public Layout layout(String docroot) {
            return Layout.NONE;
        }
    },
    LARAVEL("laravel", "Laravel", "public") {
        @Override
        public Layout layout(String docroot) {
            // storage/ holds the app's files, logs, compiled views and file sessions; the public disk
            // (storage/app/public) is served at /storage through 'php artisan storage:link'.
            // bootstrap/cache holds the package manifest made at build time, hence the seeds.
            return new Layout(List.of(new WritablePath("storage", "storage", null, true, "/storage", false, true),
                    new WritablePath("bootstrap-cache", "bootstrap/cache", "32Mi", true, null, false)), List.of(), List.of());
        }
    },
    SYMFONY("symfony", "Symfony", "public") {
        @Override
        public Layout layout(String docroot) {
            // var/ holds the cache (warmed when the image is built: seeded), logs and sessions.
            return new Layout(List.of(new WritablePath("var", "var", null, true, null, false)), List.of(), List.of());
        }
    },
    DRUPAL("drupal", "Drupal", "web") {
        @Override
        public Layout layout(String docroot) {
            // Public files, with image styles Drupal makes on the first request for them; Drupal's
            // .htaccess refuses its source and config files by extension.
            return new Layout(List.of(new WritablePath("files", under(docroot, "sites/default/files"), null, true, null, true, true)),
                    List.of(), List.of("engine", "install", "make", "module", "profile", "po", "sh", "sql", "theme", "twig", "tpl", "xtmpl", "yml"));
        }
    },
    WORDPRESS("wordpress", "WordPress", ".") {
        @Override
        public Layout layout(String docroot) {
            return new Layout(List.of(new WritablePath("uploads", under(docroot, "wp-content/uploads"), null, true, null, false, true)),
                    List.of(), List.of());
        }
    },
    MAGENTO("magento", "Magento 2", "pub") {
        @Override
        public Layout layout(String docroot) {
            // Magento's own nginx sample: var/ (cache, sessions, logs, reports), generated/ (code made
            // by setup:di:compile) and pub/static (setup:static-content:deploy) both made when the
            // image is built, hence seeded; pub/media holds the catalog's uploads; app/etc holds
            // env.php and config.php, written by setup:install and config:set. Below media,
            // customer files, downloadable products and imports are never served.
            String app = parent(docroot);
            return new Layout(List.of(new WritablePath("var", under(app, "var"), null, true, null, false),
                    new WritablePath("generated", under(app, "generated"), null, true, null, false),
                    new WritablePath("static", under(docroot, "static"), null, true, null, false),
                    new WritablePath("media", under(docroot, "media"), null, true, null, false, true),
                    new WritablePath("app-etc", under(app, "app/etc"), "32Mi", true, null, false)),
                    List.of("/media/customer", "/media/downloadable", "/media/import", "/media/custom_options"), List.of());
        }
    },
    CAKEPHP("cakephp", "CakePHP", "webroot") {
        @Override
        public Layout layout(String docroot) {
            // tmp/ (cache, sessions) and logs/, from CakePHP's installation guide.
            String app = parent(docroot);
            return new Layout(List.of(new WritablePath("tmp", under(app, "tmp"), null, true, null, false),
                    new WritablePath("logs", under(app, "logs"), null, true, null, false)), List.of(), List.of());
        }
    },
    YII2("yii2", "Yii 2", "web") {
        @Override
        public Layout layout(String docroot) {
            // runtime/ (cache, logs, sessions) and web/assets, where Yii publishes the asset bundles.
            String app = parent(docroot);
            return new Layout(List.of(new WritablePath("runtime", under(app, "runtime"), null, true, null, false),
                    new WritablePath("assets", under(docroot, "assets"), null, true, null, false)), List.of(), List.of());
        }
    },
    CRAFT("craft", "Craft CMS", "web") {
        @Override
        public Layout layout(String docroot) {
            // storage/ (runtime, logs, backups, the rebrand logo) and web/cpresources, the control
            // panel's published resources (Craft's server requirements).
            String app = parent(docroot);
            return new Layout(List.of(new WritablePath("storage", under(app, "storage"), null, true, null, false, true),
                    new WritablePath("cpresources", under(docroot, "cpresources"), null, true, null, false)), List.of(), List.of());
        }
    },
    LAMINAS("laminas", "Laminas / Mezzio", "public") {
        @Override
        public Layout layout(String docroot) {
            // data/cache holds the merged configuration cache (config_cache_enabled).
            return new Layout(List.of(new WritablePath("data-cache", under(parent(docroot), "data/cache"), "64Mi", true, null, false)),
                    List.of(), List.of());
        }
    },
    SLIM("slim", "Slim", "public") {
        @Override
        public Layout layout(String docroot) {
            // The skeleton's logs/ (Monolog) and var/cache (the compiled container and routes).
            String app = parent(docroot);
            return new Layout(List.of(new WritablePath("logs", under(app, "logs"), null, true, null, false),
                    new WritablePath("var-cache", under(app, "var/cache"), null, true, null, false)), List.of(), List.of());
        }
    };

    private final String id;
    private final String title;
    private final String docroot;

    Preset(String id, String title, String docroot) {
        this.id = id;
        this.title = title;
        this.docroot = docroot;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The framework's usual document root, relative to the code path. */
    public String docroot() {
        return docroot;
    }

    /** The framework's layout for a project with this docroot. */
    public abstract Layout layout(String docroot);

    public static Optional<Preset> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Preset::id).toList();
    }

    static String under(String folder, String path) {
        return folder.equals(".") ? path : folder + "/" + path;
    }

    /** The folder that holds the docroot: the app's own folder, where its other folders are. */
    static String parent(String docroot) {
        int slash = docroot.lastIndexOf('/');
        return slash < 0 ? "." : docroot.substring(0, slash);
    }
}
