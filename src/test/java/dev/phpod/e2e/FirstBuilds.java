package dev.phpod.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which e2e images this machine has seen built from nothing and read right by the tests. A tag names
 * a hash of the image scripts, so a changed script gives a new tag, and a new tag is a first build:
 * the path that only a new machine, or the first run after a change, takes. Kept beside podman's
 * own cache (under ~/.cache/phpod/e2e-first-builds), one empty file per tag.
 */
final class FirstBuilds {
    private FirstBuilds() {
    }

    static Path folder() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
        return base.resolve("phpod/e2e-first-builds");
    }

    private static Path entry(String ref) {
        return folder().resolve(ref.substring(ref.lastIndexOf('/') + 1).replace(':', '_'));
    }

    static boolean isVerified(String ref) {
        return Files.exists(entry(ref));
    }

    static void verified(String ref) {
        try {
            Files.createDirectories(folder());
            if (!Files.exists(entry(ref))) {
                Files.createFile(entry(ref));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
