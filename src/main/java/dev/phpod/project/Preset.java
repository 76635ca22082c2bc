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
            return new Layout(List.of(new WritablePath("storage", "storage", null, true, "/storage", false),
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
            return new Layout(List.of(new WritablePath("files", under(docroot, "sites/default/files"), null, true, null, true)),
                    List.of(), List.of("engine", "install", "make", "module", "profile", "po", "sh", "sql", "theme", "twig", "tpl", "xtmpl", "yml"));
        }
    },
    WORDPRESS("wordpress", "WordPress", ".") {
        @Override
        public Layout layout(String docroot) {
            return new Layout(List.of(new WritablePath("uploads", under(docroot, "wp-content/uploads"), null, true, null, false)),
                    List.of(), List.of());
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

    private static String under(String docroot, String path) {
        return docroot.equals(".") ? path : docroot + "/" + path;
    }
}
