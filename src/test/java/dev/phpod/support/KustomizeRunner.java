package dev.phpod.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real kustomize binary ({@code kustomize build}, {@code kustomize edit}); see {@link RequiredTool}
 * for what happens when it is not there. {@code kubectl kustomize} is no stand-in: it builds (with
 * other arguments) but has no {@code edit}, which the release tests run as users do.
 */
public final class KustomizeRunner {
    private KustomizeRunner() {
    }

    static List<String> command() {
        Optional<Path> kustomize = RequiredTool.find("kustomize");
        if (kustomize.isEmpty()) {
            RequiredTool.missing("kustomize is not installed (kubectl's built-in kustomize has no 'edit')");
        }
        return List.of(kustomize.get().toString());
    }

    public record Result(int exit, String out, String err) {
    }

    public static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kustomize " + String.join(" ", args) + " timed out in " + dir);
        }
        return new Result(p.exitValue(), out, err.join());
    }

    /** kustomize build DIR: must succeed and print no warning at all. */
    public static String build(Path dir) throws IOException, InterruptedException {
        Result r = run(dir, "build", ".");
        assertEquals(0, r.exit(), () -> "kustomize build " + dir + " failed:\n" + r.err());
        assertEquals("", r.err(), () -> "kustomize build " + dir + " printed warnings:\n" + r.err());
        return r.out();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
