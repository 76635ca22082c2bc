package dev.phpod.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * phpod check is linear in its input: 500 copies of a realistic input cost about ten times what 50
 * do, in allocated bytes and in time, where a lookup by name across all documents (what 100 copies
 * of the corpus once took 27 s and 5 GB for) costs a hundred times. The bounds leave a linear
 * check twice its expected ratio and a quadratic one far outside; no absolute timing.
 */
class CheckScaleTest {
    /** The whole apps of the corpus (web, workers, schedules, release job, their ConfigMaps) and a split pair, findings included. */
    static String input() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(CheckCorpusTest.CORPUS.resolve("clean"))) {
            files.addAll(s.sorted().toList());
        }
        files.add(CheckCorpusTest.CORPUS.resolve("split-nginx-php-fpm/fires-shared-claim-only.yaml"));
        files.add(CheckCorpusTest.CORPUS.resolve("fastcgi-keepalive-pins-workers/fires-static-pool.yaml"));
        StringBuilder b = new StringBuilder();
        for (Path f : files) {
            b.append(Files.readString(f)).append("\n---\n");
        }
        return b.toString();
    }

    record Cost(long bytes, long nanos, int findings) {
    }

    static Cost check(String input, int copies) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long bytes = mx.getThreadAllocatedBytes(id);
        long start = System.nanoTime();
        ManifestReader reader = new ManifestReader();
        for (int i = 0; i < copies; i++) {
            reader.readText("copy-" + i + ".yaml", input);
        }
        int findings = Checks.run(reader.inventory()).findings().size();
        return new Cost(mx.getThreadAllocatedBytes(id) - bytes, System.nanoTime() - start, findings);
    }

    @Test
    void fiveHundredCopiesCostAboutTenTimesFifty() throws IOException {
        String input = input();
        assertTrue(Files.exists(CheckCorpusTest.CORPUS.resolve("fastcgi-keepalive-pins-workers/fires-static-pool.yaml")));
        check(input, 50); // warm the JIT
        Cost small = check(input, 50);
        Cost large = check(input, 500);
        assertEquals(10L * small.findings(), large.findings(), "each copy gives the same findings");
        double bytes = (double) large.bytes() / small.bytes();
        double time = (double) large.nanos() / small.nanos();
        String figures = String.format("50 copies: %d MB, %d ms; 500 copies: %d MB, %d ms; ratios %.1f (bytes), %.1f (time)", small.bytes() >> 20,
                small.nanos() / 1_000_000, large.bytes() >> 20, large.nanos() / 1_000_000, bytes, time);
        System.out.println("CheckScaleTest: " + figures);
        assertTrue(bytes < 20, "allocation grows faster than the input: " + figures);
        assertTrue(time < 40, "time grows faster than the input: " + figures);
    }
}
