package dev.phpod.project;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Finds which framework a PHP project's source tree uses, from its {@code composer.json} and the
 * files each framework is known by, and where its docroot is. It only reads: a few known files,
 * bounded in size.
 *
 * @param preset  the framework's preset
 * @param docroot the docroot found in the tree, or null for the preset's
 * @param reason  what gave it away, for the user
 */
public record Detection(Preset preset, String docroot, String reason) {

    static final int MAX_COMPOSER_BYTES = 1024 * 1024;

    public static Detection in(Path source) {
        if (!Files.isDirectory(source)) {
            throw new InputException("--source: " + source + " is not a folder; give the folder of the app's source (where composer.json is)");
        }
        Map<String, Object> composer = composer(source);
        if (requires(composer, "laravel/framework")) {
            return new Detection(Preset.LARAVEL, null, "composer.json requires laravel/framework");
        }
        if (requires(composer, "drupal/core-recommended") || requires(composer, "drupal/core")) {
            String webRoot = drupalWebRoot(composer);
            return new Detection(Preset.DRUPAL, webRoot, "composer.json requires drupal/core"
                    + (webRoot == null ? "" : ", web root " + webRoot));
        }
        if (requires(composer, "symfony/framework-bundle")) {
            return new Detection(Preset.SYMFONY, null, "composer.json requires symfony/framework-bundle");
        }
        if (isFile(source, "artisan") && isFile(source, "bootstrap/app.php")) {
            return new Detection(Preset.LARAVEL, null, "artisan and bootstrap/app.php");
        }
        if (isFile(source, "bin/console") && isFile(source, "config/bundles.php")) {
            return new Detection(Preset.SYMFONY, null, "bin/console and config/bundles.php");
        }
        for (String root : new String[] { "web", "docroot", "." }) {
            if (isFile(source, root + "/core/lib/Drupal.php")) {
                return new Detection(Preset.DRUPAL, root, root + "/core/lib/Drupal.php");
            }
        }
        for (String marker : new String[] { "wp-includes/version.php", "wp-config.php", "wp-config-sample.php" }) {
            if (isFile(source, marker)) {
                return new Detection(Preset.WORDPRESS, null, marker);
            }
        }
        for (String root : new String[] { "public", "web", "htdocs", "." }) {
            if (isFile(source, root + "/index.php")) {
                return new Detection(Preset.GENERIC, root, (root.equals(".") ? "" : root + "/") + "index.php");
            }
        }
        return new Detection(Preset.GENERIC, null, "no framework found");
    }

    private static boolean isFile(Path source, String relative) {
        return Files.isRegularFile(source.resolve(relative));
    }

    /** composer.json as a map, or an empty map when there is none; a broken one is named. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> composer(Path source) {
        Path file = source.resolve("composer.json");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        byte[] bytes = SmallFile.read(file, MAX_COMPOSER_BYTES, "give --preset to skip detection");
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(30);
        options.setCodePointLimit(MAX_COMPOSER_BYTES);
        try {
            // JSON is YAML; tabs, which YAML refuses as indentation, are whitespace in JSON.
            Object doc = new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8).replace('\t', ' '));
            return doc instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        } catch (YAMLException e) {
            throw new InputException(file + ": not valid JSON; fix it, or give --preset to skip detection");
        }
    }

    private static boolean requires(Map<String, Object> composer, String pkg) {
        // Only require: a framework in require-dev is a tool of the project, not the app.
        return composer.get("require") instanceof Map<?, ?> m && m.containsKey(pkg);
    }

    /** drupal/core-composer-scaffold's web root (extra.drupal-scaffold.locations.web-root), if set. */
    private static String drupalWebRoot(Map<String, Object> composer) {
        if (composer.get("extra") instanceof Map<?, ?> extra && extra.get("drupal-scaffold") instanceof Map<?, ?> scaffold
                && scaffold.get("locations") instanceof Map<?, ?> locations && locations.get("web-root") instanceof String root) {
            String clean = root.replaceAll("^\\./", "").replaceAll("/+$", "");
            return clean.isEmpty() ? "." : clean;
        }
        return null;
    }
}
