package dev.phpod.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.phpod.support.RequiredTool;

/** Runs podman (and other commands) and captures what they print. */
final class Podman {
    private Podman() {
    }

    record Result(int exit, String out, String err) {
        Result check(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " failed (exit " + exit + "):\n" + out + err);
            }
            return this;
        }
    }

    /** Podman and debootstrap must be there (see {@link RequiredTool}). */
    static void require() {
        for (String tool : List.of("podman", "debootstrap")) {
            if (RequiredTool.find(tool).isEmpty()) {
                RequiredTool.missing(tool + " is not installed; the e2e tests need podman, runc and debootstrap as root");
            }
        }
    }

    static Result run(Path dir, long timeoutSeconds, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            // conmon writes a file named 'oom' into the working directory of a 'podman exec' whose
            // process the kernel killed for memory (the load tests provoke it): podman runs in target/.
            if (dir != null) {
                pb.directory(dir.toFile());
            } else if (cmd[0].equals("podman")) {
                pb.directory(Files.createDirectories(Path.of("target/podman-cwd").toAbsolutePath()).toFile());
            }
            pb.environment().put("PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out after " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        return run(null, 300, cmd.toArray(String[]::new));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
