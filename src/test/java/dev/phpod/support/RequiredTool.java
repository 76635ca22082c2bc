package dev.phpod.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * External engines the tests drive. Missing in CI (CI=true): the test fails. Missing on a
 * developer's machine: the test is aborted with the command that installs it.
 */
public final class RequiredTool {
    public static final String INSTALL = "sudo bash scripts/install-test-tools.sh";

    private RequiredTool() {
    }

    /** The executable on PATH (or in /usr/sbin, /sbin, where root's tools live). */
    public static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    /** Fails the test in CI, aborts it elsewhere; never returns. */
    public static void missing(String what) {
        String msg = what + "; install it with: " + INSTALL;
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(msg);
        }
        Assumptions.abort(msg);
    }
}
