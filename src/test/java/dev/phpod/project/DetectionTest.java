package dev.phpod.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small source trees shaped as each framework ships them: the preset and docroot phpod finds. */
class DetectionTest {

    @TempDir
    Path tmp;

    private Path tree(String name, String... files) throws IOException {
        return dev.phpod.support.Projects.tree(tmp.resolve(name), files);
    }

    @Test
    void laravelFromComposerEvenBesideSymfonyComponents() throws IOException {
        Detection d = Detection.in(tree("laravel", "composer.json", """
                {
                	"name": "laravel/laravel",
                	"require": {"php": "^8.2", "laravel/framework": "^11.0", "symfony/http-foundation": "^7.0"},
                	"autoload": {"psr-4": {"App\\\\": "app/"}}
                }
                """, "artisan", "#!/usr/bin/env php", "public/index.php", "<?php"));
        assertEquals(Preset.LARAVEL, d.preset(), "tab-indented JSON, as composer writes it for some: " + d.reason());
        assertEquals("public", d.docroot());
        assertEquals("composer.json requires laravel/framework", d.reason());
        Layout l = d.preset().layout("public");
        assertEquals("storage", l.writablePaths().get(0).path());
        assertEquals("/storage", l.writablePaths().get(0).urlPath());
        assertTrue(l.writablePaths().stream().allMatch(WritablePath::seed), "the image's storage/ and bootstrap/cache/ hold what Laravel needs");
    }

    @Test
    void laravelWithoutComposerJsonInTheTree() throws IOException {
        assertEquals(Preset.LARAVEL, Detection.in(tree("l", "artisan", "", "bootstrap/app.php", "<?php")).preset());
    }

    @Test
    void aFrameworkInRequireDevIsNotTheApp() throws IOException {
        Detection d = Detection.in(tree("pkg", "composer.json", "{\"require-dev\": {\"laravel/framework\": \"^11\"}}", "public/index.php", ""));
        assertEquals(Preset.GENERIC, d.preset());
        assertEquals("public", d.docroot());
    }

    @Test
    void symfony() throws IOException {
        assertEquals(Preset.SYMFONY, Detection.in(tree("s", "composer.json",
                "{\"type\": \"project\", \"require\": {\"symfony/framework-bundle\": \"7.1.*\", \"symfony/runtime\": \"7.1.*\"}}")).preset());
        assertEquals(Preset.SYMFONY, Detection.in(tree("s2", "bin/console", "", "config/bundles.php", "<?php")).preset());
        assertEquals("var", Preset.SYMFONY.layout("public").writablePaths().get(0).path());
    }

    @Test
    void drupalWithItsWebRoot() throws IOException {
        Detection recommended = Detection.in(tree("d", "composer.json", """
                {"require": {"drupal/core-recommended": "^10.3", "drupal/core-composer-scaffold": "^10.3"},
                 "extra": {"drupal-scaffold": {"locations": {"web-root": "web/"}}}}
                """));
        assertEquals(Preset.DRUPAL, recommended.preset());
        assertEquals("web", recommended.docroot());
        Detection acquia = Detection.in(tree("d2", "composer.json", """
                {"require": {"drupal/core": "^10"}, "extra": {"drupal-scaffold": {"locations": {"web-root": "./docroot"}}}}
                """));
        assertEquals("docroot", acquia.docroot());
        WritablePath files = Preset.DRUPAL.layout("docroot").writablePaths().get(0);
        assertEquals("docroot/sites/default/files", files.path(), "the preset's paths follow the docroot");
        assertTrue(files.frontController(), "image styles are made by Drupal on the first request");
        assertTrue(Preset.DRUPAL.layout("web").deniedExtensions().containsAll(java.util.List.of("yml", "twig", "module", "install")));
        Detection tarball = Detection.in(tree("d3", "core/lib/Drupal.php", "<?php", "index.php", "<?php"));
        assertEquals(Preset.DRUPAL, tarball.preset());
        assertEquals(".", tarball.docroot(), "Drupal's tarball has its docroot at the top");
    }

    @Test
    void wordpress() throws IOException {
        Detection d = Detection.in(tree("w", "wp-includes/version.php", "<?php", "wp-config-sample.php", "<?php", "index.php", "<?php"));
        assertEquals(Preset.WORDPRESS, d.preset());
        assertEquals(".", Preset.WORDPRESS.docroot());
        assertEquals("wp-content/uploads", Preset.WORDPRESS.layout(".").writablePaths().get(0).path());
    }

    @Test
    void genericFindsTheDocroot() throws IOException {
        assertEquals("public", Detection.in(tree("g1", "public/index.php", "")).docroot());
        assertEquals("web", Detection.in(tree("g2", "web/index.php", "")).docroot());
        assertEquals(".", Detection.in(tree("g3", "index.php", "")).docroot());
        Detection none = Detection.in(tree("g4", "README.md", "hi"));
        assertEquals(Preset.GENERIC, none.preset());
        assertEquals("public", none.docroot(), "nothing found: the preset's docroot");
        assertTrue(none.warnings().get(0).startsWith("no PHP app in "), "and it says it guessed: " + none.warnings());
    }

    @Test
    void brokenOrHostileComposerJsonIsNamed() throws Exception {
        Path broken = tree("b", "composer.json", "{\"require\": {");
        InputException e = assertThrows(InputException.class, () -> Detection.in(broken));
        assertEquals(broken.resolve("composer.json") + ": not valid JSON at line 1, column 14 (Unexpected end-of-input); fix it, or give --preset"
                + " to skip detection", e.getMessage());

        Path fifo = tmp.resolve("fifo");
        Files.createDirectories(fifo);
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.resolve("composer.json").toString()).start().waitFor());
        assertTrue(assertThrows(InputException.class, () -> Detection.in(fifo)).getMessage().contains("not a regular file"),
                "a FIFO is refused, not read (it would block)");

        Path big = tree("big", "composer.json", "{\"description\": \"" + "x".repeat(Detection.MAX_COMPOSER_BYTES) + "\"}");
        assertTrue(assertThrows(InputException.class, () -> Detection.in(big)).getMessage().contains("larger than 1024 KiB"));

        Path aliases = tree("yaml", "composer.json", "a: &a [x, x]\nb: [*a, *a]\n");
        assertTrue(assertThrows(InputException.class, () -> Detection.in(aliases)).getMessage().contains("not valid JSON"),
                "YAML's aliases are no part of JSON");

        assertTrue(assertThrows(InputException.class, () -> Detection.in(tmp.resolve("missing"))).getMessage()
                .startsWith("--source: " + tmp.resolve("missing") + " is not a folder"));
    }

    @Test
    void jsonAsPhpWritesItIsJson() throws IOException {
        // json_encode escapes slashes: "laravel\/framework" is laravel/framework.
        Detection d = Detection.in(tree("escaped", "composer.json", "{\"require\":{\"laravel\\/framework\":\"^11.0\"}}", "public/index.php", ""));
        assertEquals(Preset.LARAVEL, d.preset(), d.reason());
    }

    @Test
    void aDanglingComposerJsonIsReportedAndTheTreeDecides() throws IOException {
        Path root = tree("dangling", "artisan", "", "bootstrap/app.php", "<?php", "public/index.php", "");
        Files.createSymbolicLink(root.resolve("composer.json"), Path.of("../nowhere/composer.json"));
        Detection d = Detection.in(root);
        assertEquals(Preset.LARAVEL, d.preset(), "artisan and bootstrap/app.php decide");
        assertTrue(d.warnings().stream().anyMatch(w -> w.startsWith("could not read composer.json: a link to ../nowhere/composer.json, which does not exist")),
                d.warnings().toString());
    }

    @Test
    void aFolderHoldingTheFrontControllerWinsOverAShimAtTheTop() throws IOException {
        assertEquals("webroot", Detection.in(tree("cake", "index.php", "<?php require 'webroot' . DIRECTORY_SEPARATOR . 'index.php';",
                "webroot/index.php", "<?php")).docroot());
        assertEquals("p", Detection.in(tree("redirect", "index.php", "<?php header('Location: p/', true, 301);", "p/index.php", "")).docroot());
        assertEquals("public_html", Detection.in(tree("told", "index.php", "<?php exit('point your server to /public_html');",
                "public_html/index.php", "")).docroot());
        assertEquals(".", Detection.in(tree("real", "index.php", "<?php require 'lib/boot.php';", "lib/boot.php", "")).docroot(),
                "a front controller that names no folder holding one is the app's");
    }

    @Test
    void aDocrootNamedButAbsentIsSaid() throws IOException {
        Detection d = Detection.in(tree("flex", "composer.json", "{\"require\":{\"symfony/framework-bundle\":\"*\"},\"extra\":{\"public-dir\":\"htdocs\"}}"));
        assertEquals("htdocs", d.docroot());
        assertTrue(d.warnings().get(0).startsWith("the docroot htdocs is not in "), d.warnings().toString());
    }

    @Test
    void onlyADenialOfEveryRequestDeniesAFolder() {
        assertTrue(Detection.Reader.htaccessDeniesAll("<IfModule mod_authz_core.c>\n  Require all denied\n</IfModule>\n"));
        assertTrue(Detection.Reader.htaccessDeniesAll("Order allow,deny\nDeny from all\n"));
        assertFalse(Detection.Reader.htaccessDeniesAll("<FilesMatch \"\\.php$\">\n  Require all denied\n</FilesMatch>\n"),
                "a denial of some files leaves the folder served");
        assertFalse(Detection.Reader.htaccessDeniesAll("RewriteEngine On\n"));
    }

    @Test
    void aSelfHostedAppWritesWhatItsTreeSays() throws IOException {
        Detection d = Detection.in(tree("wiki", "index.php", "<?php", "doku.php", "<?php",
                "data/.htaccess", "Require all denied\n", "data/pages/start.txt", "hi",
                "conf/.htaccess", "Require all denied\n", "conf/dokuwiki.php", "<?php", "conf/.gitignore", "local.php\nusers.auth.php\n",
                "cache/.gitkeep", "", "lib/exe/index.php", "<?php", "vendor/autoload.php", "<?php", "composer.json", "{}"));
        assertEquals(Preset.GENERIC, d.preset());
        assertEquals(".", d.docroot());
        assertEquals("cache conf(data) data(data)", String.join(" ", d.layout().writablePaths().stream()
                .map(w -> w.path() + (w.persistent() ? "(data)" : "")).toList()));
        assertTrue(d.layout().writablePaths().stream().filter(w -> !w.path().equals("cache")).allMatch(WritablePath::seed),
                "what the image holds in them is copied in");
        assertEquals("[/cache, /conf, /data, /vendor, /composer.json]", d.layout().deniedPaths().toString());
    }

    @Test
    void magentoFromItsRepositoryOrAProject() throws IOException {
        // magento/magento2 replaces its framework; a project requires the product.
        Detection repo = Detection.in(tree("m2", "composer.json", "{\"name\":\"magento/magento2ce\",\"replace\":{\"magento/framework\":\"*\"}}",
                "index.php", "<?php", "pub/index.php", "<?php", "pub/media/.htaccess", "Options -Indexes\n", "bin/magento", "",
                "app/etc/di.xml", "<config/>", "var/.htaccess", "Require all denied\n", "generated/.htaccess", "Require all denied\n"));
        assertEquals(Preset.MAGENTO, repo.preset(), repo.reason());
        assertEquals("pub", repo.docroot(), "pub/, not the index.php at the top");
        assertEquals("var generated pub/static pub/media(data) app/etc", String.join(" ", repo.layout().writablePaths().stream()
                .map(w -> w.path() + (w.persistent() ? "(data)" : "")).toList()));
        assertTrue(repo.layout().deniedPaths().contains("/media/customer"), repo.layout().deniedPaths().toString());
        Detection project = Detection.in(tree("m2p", "composer.json", "{\"require\":{\"magento/product-community-edition\":\"2.4.7\"}}"));
        assertEquals(Preset.MAGENTO, project.preset());
    }

    @Test
    void drupalsOwnRepositoryIsServedFromItsTop() throws IOException {
        Detection d = Detection.in(tree("core", "composer.json", "{\"name\":\"drupal/drupal\",\"require\":{\"composer/installers\":\"^2\"}}",
                "core/lib/Drupal.php", "<?php", "index.php", "<?php", "sites/default/default.settings.php", "<?php"));
        assertEquals(Preset.DRUPAL, d.preset());
        assertEquals(".", d.docroot());
        assertEquals("sites/default/files", d.layout().writablePaths().get(0).path());
        assertTrue(d.layout().deniedPaths().contains("/composer.json"), d.layout().deniedPaths().toString());
    }

    @Test
    void anAppThatMakesItsDataFolderAtInstall() throws IOException {
        // Nextcloud's shape: no data/ in the repository, the top .gitignore ignores it and config.php.
        Detection d = Detection.in(tree("cloud", "index.php", "<?php", "occ", "", "lib/base.php", "<?php",
                ".gitignore", "/data\n/config/config.php\n!/config/config.sample.php\n",
                "config/.htaccess", "<IfModule mod_authz_core.c>\nRequire all denied\n</IfModule>\n", "config/config.sample.php", "<?php",
                "3rdparty/.htaccess", "Deny from all\n", "3rdparty/autoload.php", "<?php"));
        assertEquals(".", d.docroot());
        assertEquals("config(data) data(data)", String.join(" ", d.layout().writablePaths().stream()
                .map(w -> w.path() + (w.persistent() ? "(data)" : "")).toList()));
        assertFalse(d.layout().writablePaths().get(1).seed(), "not in the image: nothing to copy");
        assertEquals("[/3rdparty, /config, /data]", d.layout().deniedPaths().toString(), "made at install, never served");
    }

    @Test
    void anEntryThatCannotBeReadIsReportedNotTakenForAbsent() throws IOException {
        // A link to itself cannot be read (ELOOP), as a folder without permission cannot for a user
        // other than root: detection goes on with what it can read and names what it could not.
        Path root = tree("loop", "artisan", "", "bootstrap/app.php", "<?php");
        Files.createSymbolicLink(root.resolve("public"), Path.of("public"));
        Detection d = Detection.in(root);
        assertEquals(Preset.LARAVEL, d.preset());
        assertTrue(d.warnings().stream().anyMatch(w -> w.startsWith("could not read public")), d.warnings().toString());
    }

    @Test
    void selfHostedAppsKnownByAFile() throws IOException {
        Detection joomla = Detection.in(tree("joomla", "index.php", "<?php", "administrator/index.php", "<?php",
                "images/joomla_black.png", "", "cache/index.html", "", "tmp/index.html", "", "administrator/cache/index.html", "",
                "administrator/logs/index.html", "", "libraries/src/Version.php", "<?php"));
        assertEquals("tmp cache administrator/cache administrator/logs images(data)", String.join(" ", joomla.layout().writablePaths().stream()
                .map(w -> w.path() + (w.persistent() ? "(data)" : "")).toList()));
        Detection moodle = Detection.in(tree("moodle", "public/index.php", "<?php", "public/config-dist.php", "<?php",
                "public/lib/moodlelib.php", "<?php"));
        assertEquals("public", moodle.docroot());
        WritablePath dataroot = moodle.layout().writablePaths().get(0);
        assertEquals("/var/www/moodledata", dataroot.path());
        assertTrue(dataroot.persistent() && !dataroot.seed());
        assertTrue(moodle.warnings().get(0).contains("$CFG->dataroot"), moodle.warnings().toString());
    }
}
