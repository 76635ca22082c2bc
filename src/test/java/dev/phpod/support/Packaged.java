package dev.phpod.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The packaged phpod as the last build made it, run as a user runs it: the native binary after
 * {@code ./mvnw verify -Dnative}, the jar otherwise. Quarkus records which in
 * target/quarkus-artifact.properties, as its own integration tests read it.
 */
public final class Packaged {
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private Packaged() {
    }

    /** The command line that runs the packaged phpod with these arguments. */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(nativeBinary() != null ? List.of(nativeBinary().toString()) : jarCommand());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The command line that runs the jar with these arguments, whatever the build made last. */
    public static List<String> jar(String... args) {
        List<String> cmd = new ArrayList<>(jarCommand());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> jarCommand() {
        return List.of("java", "-jar", JAR.toAbsolutePath().toString());
    }

    /** The native binary when the last build made one, else null. */
    public static Path nativeBinary() {
        Path artifact = Path.of("target/quarkus-artifact.properties");
        if (!Files.isRegularFile(artifact)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(artifact)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!"native".equals(properties.getProperty("type"))) {
            return null;
        }
        Path binary = Path.of("target").resolve(properties.getProperty("path")).toAbsolutePath();
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("the build recorded a native binary that is not there: " + binary);
        }
        return binary;
    }
}
