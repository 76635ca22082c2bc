package dev.phpod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The e2e images' first build, the path a new machine takes. Every other e2e test reads the images
 * through {@link E2e#images()}, which reuses images whose scripts did not change; on the machine
 * where a change was made they were usually built before the suite ran, so a first build would
 * otherwise be exercised only on the next new machine (once, there, it printed a warm-up line that
 * became an image name). So: when this run did not itself build an image from nothing, and no
 * earlier run read a first build of the same scripts right ({@link FirstBuilds}), the images are
 * built again from nothing into throwaway tags, read the way the tests read them, tried, and removed.
 */
class BuildImagesIT {

    @Test
    void theResultLinesCannotBeShifted() {
        String good = "app=localhost/phpod-e2e-app:0123456789ab\nnginx=localhost/phpod-e2e-nginx:0123456789ab\n"
                + "frameworks=localhost/phpod-e2e-frameworks:ba9876543210\ndb=localhost/phpod-e2e-db:0123456789ab\nbuilt=\n";
        E2e.Images images = E2e.parseImages(good);
        assertEquals("localhost/phpod-e2e-nginx:0123456789ab", images.nginx());
        assertEquals(Set.of(), images.built());
        assertEquals(Set.of("app", "frameworks", "db"), E2e.parseImages(good.replace("built=", "built=app frameworks db")).built());
        for (String bad : List.of("warmed /srv/symfony/var/cache/prod\n" + good, good + "warmed\n", good.replace("built=\n", ""),
                good.replace("app=localhost/phpod-e2e-app", "app=localhost/phpod-e2e-nginx"), good.replace("db=localhost/phpod-e2e-db:0123456789ab\n", ""),
                good + good, "",
                good.replace("built=", "built=php"))) {
            assertThrows(IllegalArgumentException.class, () -> E2e.parseImages(bad), bad);
        }
    }

    @Test
    void aFirstBuildIsExercisedOncePerChangeToTheImageScripts() {
        E2e.Images images = E2e.images();
        List<String> unverified = new ArrayList<>();
        for (String ref : images.refs()) {
            if (!FirstBuilds.isVerified(ref)) {
                unverified.add(ref);
            }
        }
        if (unverified.isEmpty()) {
            System.out.println("e2e images: a first build of these scripts was read right "
                    + (images.built().isEmpty() ? "by an earlier run" : "in this run (" + String.join(", ", images.built()) + ")"));
            return;
        }
        System.out.println("e2e images: built outside the tests, never read right from a first build: " + unverified
                + "; building all from nothing into throwaway tags");
        E2e.Images scratch = E2e.buildImages("--scratch");
        try {
            assertEquals(Set.copyOf(E2e.IMAGE_NAMES), scratch.built(), "--scratch builds every image from nothing");
            for (String ref : scratch.refs()) {
                assertTrue(ref.contains("-scratch-"), ref);
            }
            assertEquals(0, Podman.podman("run", "--rm", scratch.app(), "php-fpm8.2", "--test").exit(), "php-fpm's config test in the app image");
            assertTrue(Podman.podman("run", "--rm", scratch.app(), "cat", "/var/www/html/public/index.php").out().startsWith("<?php"),
                    "the sample app is in the app image");
            assertEquals(0, Podman.podman("run", "--rm", scratch.nginx(), "nginx", "-v").exit(), "nginx in the nginx image");
            assertEquals(0, Podman.podman("run", "--rm", scratch.frameworks(), "test", "-d", "/srv/symfony/var/cache/prod").exit(),
                    "Symfony's cache warmed in the frameworks image");
            assertEquals(0, Podman.podman("run", "--rm", scratch.frameworks(), "php8.2", "-r", "exit(extension_loaded('pdo_mysql') ? 0 : 1);").exit(),
                    "the shop's MySQL driver in the frameworks image");
            assertEquals(0, Podman.podman("run", "--rm", scratch.db(), "mariadbd", "--version").exit(), "MariaDB in the db image");
        } finally {
            for (String ref : scratch.refs()) {
                Podman.podman("rmi", "-f", ref);
            }
        }
        images.refs().forEach(FirstBuilds::verified);
    }
}
