package dev.phpod.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.phpod.support.Packaged;
import dev.phpod.support.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the packaged phpod (SIGKILL) at six moments while phpod generate rewrites a large project
 * (300 environments, every file changing): four spread over the time it writes (measured on an
 * uninterrupted run), two at events (the first file renamed into place, the first of the
 * bookkeeping renamed). Each file must then be either its old or its new content, never partial,
 * the bookkeeping likewise, and the next run must finish the job without conflicts, ending exactly
 * where an uninterrupted run ends.
 */
class InterruptedRunIT {

    @TempDir
    Path tmp;

    private static Process start(String... args) throws IOException {
        List<String> cmd = Packaged.command(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int run(String... args) throws Exception {
        Process p = start(args);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return p.exitValue();
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }

    @Test
    void aKilledRunLeavesEveryFileOldOrNewAndTheNextRunConverges() throws Exception {
        String envs = IntStream.rangeClosed(1, 300).mapToObj(i -> "e" + i).collect(Collectors.joining(","));
        Path old = tmp.resolve("old");
        assertEquals(0, run("init", "--name", "shop", "--image", "shop:1", "--env", envs, "-o", old.toString()));
        Path descriptor = old.resolve("phpod.yaml");
        Files.writeString(descriptor, Files.readString(descriptor).replace("image: \"shop:1\"", "image: \"shop:2\""));
        Map<String, String> before = snapshot(old);

        // An uninterrupted run, watched: when it begins to write (its first temporary file in the
        // chart's folder) and when it ends. The kills land across that window, wherever planning ends.
        Path done = tmp.resolve("done");
        Trees.copy(old, done);
        long t0 = System.nanoTime();
        Process whole = start("generate", done.toString());
        long writing = firstTemporaryFile(whole, done.resolve("helm/shop")) - t0;
        assertTrue(whole.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, whole.exitValue());
        long end = System.nanoTime() - t0;
        Map<String, String> after = snapshot(done);
        long changed = after.keySet().stream().filter(k -> !after.get(k).equals(before.get(k))).count();
        assertTrue(changed > 1000, "a large rewrite: " + changed + " files change");

        // Four kills at moments of the window; two at events: the first file renamed into place (the
        // user's files then stand half written), the first of phpod's bookkeeping renamed.
        Path chart = Path.of("helm/shop/Chart.yaml");
        Path recorded = Path.of(".phpod/generated/helm/shop/Chart.yaml");
        int mixed = 0;
        for (String moment : List.of("0.0", "0.3", "0.6", "0.9", "first file renamed", "bookkeeping renamed")) {
            Path dir = tmp.resolve("killed-" + moment.replace(' ', '-'));
            Trees.copy(old, dir);
            Process p = start("generate", dir.toString());
            if (moment.contains("renamed")) {
                Path watched = dir.resolve(moment.startsWith("first") ? chart : recorded);
                String from = Files.readString(watched);
                while (p.isAlive() && from.equals(readQuietly(watched))) {
                    Thread.sleep(0, 200_000);
                }
            } else {
                Thread.sleep((long) ((writing + (end - writing) * Double.parseDouble(moment)) / 1e6));
            }
            p.destroyForcibly().waitFor();
            String at = moment;

            Map<String, String> now = snapshot(dir);
            int oldFiles = 0;
            int newFiles = 0;
            for (Map.Entry<String, String> f : now.entrySet()) {
                String k = f.getKey();
                if (k.endsWith(".phpod-tmp")) {
                    continue; // a temporary file, never a user's: the next run removes it
                }
                boolean isOld = f.getValue().equals(before.get(k));
                boolean isNew = f.getValue().equals(after.get(k));
                assertTrue(isOld || isNew, k + " is neither old nor new after a kill at " + at + " of the run");
                if (!isOld) {
                    newFiles++;
                } else if (!isNew) {
                    oldFiles++;
                }
            }
            if (oldFiles > 0 && newFiles > 0) {
                mixed++;
            }
            assertEquals(0, run("generate", dir.toString()), "the next run finishes the job without conflicts");
            assertEquals(after, snapshot(dir), "and ends where an uninterrupted run ends");
        }
        assertTrue(mixed > 0, "no kill landed while files were being written (writing began " + writing / 1_000_000 + " ms into a "
                + end / 1_000_000 + " ms run): the test did not test");
    }

    /** A file's content, or "" while it is being replaced. */
    private static String readQuietly(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }

    /** The moment (System.nanoTime) a temporary file first appears in the folder, polled every half millisecond. */
    private static long firstTemporaryFile(Process p, Path folder) throws Exception {
        while (p.isAlive()) {
            try (Stream<Path> s = Files.list(folder)) {
                if (s.anyMatch(f -> f.getFileName().toString().endsWith(".phpod-tmp"))) {
                    return System.nanoTime();
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // not there yet
            }
            Thread.sleep(0, 500_000);
        }
        throw new AssertionError("the run ended before it was seen writing");
    }
}
