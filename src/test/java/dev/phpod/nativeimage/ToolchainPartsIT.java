package dev.phpod.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The command native/README.md gives, run as written: the parts of the assembled native-image
 * toolchain are fetched, checked and cached (the builder's jars, Debian's static JDK libraries).
 * A second run finds them in the cache and downloads nothing.
 */
class ToolchainPartsIT {

    private static String run() throws Exception {
        Process p = new ProcessBuilder("bash", "native/toolchain/fetch-parts.sh").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "fetch-parts.sh took more than 10 minutes");
        assertEquals(0, p.exitValue(), "fetch-parts.sh failed (its message is above)");
        return out;
    }

    @Test
    void partsAreFetchedCheckedAndCached() throws Exception {
        Path cache = Path.of(run());
        for (String lib : new String[] { "libjava.a", "libnet.a", "libnio.a", "libzip.a", "libjimage.a", "libextnet.a" }) {
            assertTrue(Files.isRegularFile(cache.resolve("static").resolve(lib)), lib + " in " + cache);
        }
        assertTrue(Files.isRegularFile(cache.resolve("builder/jars/svm-25.0.2.jar")));
        assertTrue(Files.isRegularFile(cache.resolve("builder/jars/compiler-25.0.2.jar")), "the Graal compiler comes with the builder");
        long before = Files.getLastModifiedTime(cache.resolve("static/libjava.a")).toMillis();
        assertEquals(cache.toString(), run());
        assertEquals(before, Files.getLastModifiedTime(cache.resolve("static/libjava.a")).toMillis(), "cached: nothing fetched again");
    }
}
